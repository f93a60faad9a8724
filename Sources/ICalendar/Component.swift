/// A property parameter such as `TZID=Europe/Rome` or `VALUE=DATE`.
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var values: [String]
    public init(_ name: String, _ values: String...) { self.name = name; self.values = values }
    public init(_ name: String, values: [String]) { self.name = name; self.values = values }
}

/// A property value, written in the form its type requires.
public enum PropertyValue: Hashable, Sendable {
    /// TEXT, escaped on output.
    case text(String)
    /// A comma-separated list of TEXT values (CATEGORIES), each escaped.
    case textList([String])
    /// One TEXT value given as its lines: written as `.text` of the lines joined with line breaks would be, byte
    /// for byte, without joining them first (a long DESCRIPTION is not copied into a new string per event).
    case textLines([String])
    /// A value already in its wire form (numbers, enumerations, URIs, RECUR...), written verbatim (control
    /// characters dropped).
    case raw(String)
    case date(DateValue)
    case dateTime(DateTimeValue)
    case duration(DurationValue)
    case recur(RecurrenceRule)
    case utcOffset(Int)
}

/// A content line: name, parameters and a value.
public struct Property: Hashable, Sendable {
    public var name: String
    public var parameters: [Parameter]
    public var value: PropertyValue

    public init(_ name: String, _ value: PropertyValue, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
        self.value = value
        // Typed date values carry their parameters with them.
        switch value {
        case .date: if !parameters.contains(where: { $0.name == "VALUE" }) { self.parameters.append(Parameter("VALUE", "DATE")) }
        case let .dateTime(dt): if case let .zoned(tzid) = dt.form, !parameters.contains(where: { $0.name == "TZID" }) {
            self.parameters.append(Parameter("TZID", tzid))
        }
        case .duration where name != "DURATION" && name != "TRIGGER":
            if !parameters.contains(where: { $0.name == "VALUE" }) { self.parameters.append(Parameter("VALUE", "DURATION")) }
        default: break
        }
    }

    public static func text(_ name: String, _ value: String) -> Property { Property(name, .text(value)) }
    public static func raw(_ name: String, _ value: String) -> Property { Property(name, .raw(value)) }
}

/// A component (VCALENDAR, VEVENT, VTIMEZONE, STANDARD...) with its properties and sub-components.
public struct Component: Hashable, Sendable {
    public var name: String
    public var properties: [Property]
    public var components: [Component]

    public init(_ name: String, properties: [Property] = [], components: [Component] = []) {
        self.name = name; self.properties = properties; self.components = components
    }
}

/// Receives properties one at a time: a component being built, or a writer streaming them out.
public protocol PropertySink: ~Copyable {
    mutating func add(_ property: Property) throws
}

/// Collects properties into a component.
public struct ComponentBuilder: PropertySink {
    public var component: Component
    public init(_ name: String) { component = Component(name) }
    public mutating func add(_ property: Property) { component.properties.append(property) }
}
