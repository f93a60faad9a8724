/// Placeholder until the writer lands.
public enum ICalendarVersion { public static let value = "2.0" }
