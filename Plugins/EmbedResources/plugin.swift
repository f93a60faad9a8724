import Foundation
import PackagePlugin

/// Embeds the package's `Schema/*.sql` migrations and `seeds/*.json` scenarios into the target as Swift source,
/// so that a copied `agenda` binary still migrates a new database and still loads the demo scenario.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let fm = FileManager.default
        var inputs: [URL] = []
        for (folder, ext) in [("Schema", "sql"), ("seeds", "json")] {
            let dir = root.appending(path: folder)
            let names = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where name.hasSuffix("." + ext) {
                inputs.append(dir.appending(path: name))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) schema and seed files",
                executable: try context.tool(named: "EmbedGen").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
