import AgendaCore
import AgendaKit
import ArgumentParser

/// The closed sets of the model as typed options: argument-parser refuses anything else in one line and lists the
/// accepted words in help and completion. Words are read case-insensitively, `_` as `-` (the model's one rule,
/// `CaseIterable.parse`).
protocol ClosedSetArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ClosedSetArgument {
    public init?(argument: String) {
        guard let v = try? Self.parse(argument, field: "") else { return nil }
        self = v
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension EventKind: ClosedSetArgument {}
extension EventStatus: ClosedSetArgument {}
extension Classification: ClosedSetArgument {}
extension OrganisationKind: ClosedSetArgument {}
