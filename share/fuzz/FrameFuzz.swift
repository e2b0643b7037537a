// libFuzzer target `frames`: the worker protocol's frame decoder.
import WorkerProtocol

/// Any bytes decode or throw a `FrameError`; nothing traps. What decodes re-encodes to
/// exactly the bytes it came from (the encoding is canonical), and feeding the same
/// bytes in pieces gives the same frames and the same error as feeding them at once.
/// The first byte picks the piece size and whether the frame limit is the real one or
/// 256 bytes (so length checks are reached without megabyte inputs).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let limit = control & 0x80 != 0 ? 256 : FrameLimits.maxFrameLength
    let whole = decodeWhole(bytes, limit: limit)
    let pieces = decodeInPieces(bytes, limit: limit, piece: Int(control & 0x3f) + 1)
    guard whole.frames == pieces.frames, whole.error == pieces.error else {
        fatalError("whole: \(whole.frames.count) frames, \(String(describing: whole.error)); "
            + "in pieces: \(pieces.frames.count) frames, \(String(describing: pieces.error))")
    }
    let encoded = whole.frames.flatMap(FrameEncoder.encode)
    guard encoded.elementsEqual(bytes.prefix(encoded.count)) else {
        fatalError("decoded frames do not re-encode to the bytes they came from")
    }
    whole.frames.forEach { _ = $0.description }
    return 0
}

private func decodeWhole(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (frames: [Frame], error: FrameError?) {
    var decoder = FrameDecoder(maxFrameLength: limit)
    decoder.feed(bytes)
    return drain(&decoder)
}

private func decodeInPieces(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, piece: Int) -> (frames: [Frame], error: FrameError?) {
    var decoder = FrameDecoder(maxFrameLength: limit)
    var frames: [Frame] = []
    var fed = 0
    while fed < bytes.count {
        let end = min(bytes.count, fed + piece)
        decoder.feed(bytes[fed..<end])
        fed = end
        let step = drainAvailable(&decoder)
        frames += step.frames
        if let error = step.error { return (frames, error) }
    }
    do { try decoder.finish() } catch { return (frames, error) }
    return (frames, nil)
}

private func drain(_ decoder: inout FrameDecoder) -> (frames: [Frame], error: FrameError?) {
    var result = drainAvailable(&decoder)
    if result.error == nil {
        do { try decoder.finish() } catch { result.error = error }
    }
    return result
}

private func drainAvailable(_ decoder: inout FrameDecoder) -> (frames: [Frame], error: FrameError?) {
    var frames: [Frame] = []
    do {
        while let frame = try decoder.next() { frames.append(frame) }
        return (frames, nil)
    } catch {
        return (frames, error)
    }
}
