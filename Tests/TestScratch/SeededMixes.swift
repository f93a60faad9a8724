/// Texts for tests of byte scans: runs of the eight-byte word "abcdefgh" with, about one piece in four, one of
/// `pieces`, so that whatever a scan must catch falls at every offset of its words. Seeded: the same texts each run.
public func seededMixes(of pieces: [String], count: Int, seed: UInt64 = 20261203) -> [String] {
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    return (0..<count).map { _ in (0..<next(40)).map { _ in next(4) == 0 ? pieces[next(pieces.count)] : "abcdefgh" }.joined() }
}
