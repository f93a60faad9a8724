/// Length classes of event spans, for window queries whose rows read are proportional to the rows returned: class
/// k holds spans of at most 2^k hours (k = 0...13), class 14 spans up to 400 days (`Schedule.maximumSpanSeconds`).
/// The schema computes the same class (`event.span_class`, migration 0003); a test checks they agree.
public enum SpanClass {
    /// The longest span of each class, in seconds.
    public static let longest: [Int] = (0..<14).map { (1 << $0) * 3600 } + [Schedule.maximumSpanSeconds]

    /// The class of a span of `seconds`.
    public static func of(_ seconds: Int) -> Int {
        longest.firstIndex { seconds <= $0 } ?? longest.count
    }
}
