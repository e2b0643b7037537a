#if canImport(Glibc)
import Glibc
#endif

/// Writes every byte to `descriptor`, again after short writes and EINTR, so callers
/// stop looping themselves. Returns nil once all are written, else the `errno` of the
/// write that failed (ENOSPC for a write that took nothing, as a full disk would).
/// With `offset` the bytes go there (`pwrite`) and the file offset stays put.
/// The corresponding C functions are `write` and `pwrite`.
public func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64? = nil) -> Int32? {
    var done = 0
    while done < bytes.count {  // each turn writes at least one byte or returns
        // Not nil: the buffer is not empty here.
        let start = bytes.baseAddress! + done
        let count = bytes.count - done
        let written = retryingOnInterrupt {
            if let offset { return pwrite(descriptor, start, count, off_t(offset) + off_t(done)) }
            return write(descriptor, start, count)
        }
        if written < 0 { return errno }
        if written == 0 { return ENOSPC }
        done += written
    }
    return nil
}

/// `writeAll` for any bytes (an array, a slice of one, a string's UTF-8).
public func writeAll<Bytes: Collection<UInt8>>(_ bytes: Bytes, to descriptor: Int32, at offset: Int64? = nil) -> Int32? {
    if let code = bytes.withContiguousStorageIfAvailable({ writeAll(UnsafeRawBufferPointer($0), to: descriptor, at: offset) }) {
        return code
    }
    return Array(bytes).withUnsafeBytes { writeAll($0, to: descriptor, at: offset) }
}
