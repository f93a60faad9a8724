import ArgumentParser

@main
struct Agenda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agenda")
}
