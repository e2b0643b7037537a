/// Mutations of seed inputs for the in-suite fuzz passes (the bounded, fixed-seed
/// stand-ins for share/fuzz/run's libFuzzer targets): libFuzzer's basic moves — flip a
/// bit, overwrite, insert or erase bytes, insert a token from a dictionary, duplicate a
/// run, splice in part of another seed — one to four at a time.
public struct SeededMutator {
    public let seeds: [[UInt8]]
    public let tokens: [[UInt8]]
    public var random: SeededRandom

    public init(seeds: [String], tokens: [String], seed: UInt64) {
        self.seeds = seeds.map { Array($0.utf8) }
        self.tokens = tokens.map { Array($0.utf8) }
        random = SeededRandom(seed: seed)
    }

    /// A seed, mutated, at most `maxLength` bytes long.
    public mutating func next(maxLength: Int = 4096) -> [UInt8] {
        var bytes = pick()
        for _ in 0...random.next(below: 4) { mutate(&bytes) }
        return Array(bytes.prefix(maxLength))
    }

    private mutating func pick() -> [UInt8] { seeds.isEmpty ? [] : seeds[random.next(below: seeds.count)] }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = random.next(below: bytes.count + 1)
        switch random.next(below: 8) {
        case 0 where at < bytes.count: bytes[at] ^= 1 << UInt8(random.next(below: 8))
        case 1 where at < bytes.count: bytes[at] = UInt8(truncatingIfNeeded: random.next())
        case 2: bytes.insert(contentsOf: (0...random.next(below: 4)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        case 3: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(below: 8)))
        case 4 where !tokens.isEmpty, 5 where !tokens.isEmpty: bytes.insert(contentsOf: tokens[random.next(below: tokens.count)], at: at)
        case 6:
            let end = min(bytes.count, at + 1 + random.next(below: 16))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        default:
            let other = pick()
            bytes = Array(bytes[..<at]) + other[random.next(below: other.count + 1)...]
        }
    }
}
