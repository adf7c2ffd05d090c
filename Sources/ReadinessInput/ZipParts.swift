import CInflate
import Foundation
import ReadinessCore

/// The parts of a zip file held in memory (an .xlsx workbook), unpacked one at a time with zlib.
///
/// Nothing in the file is trusted: every offset and length is checked against the bytes there are,
/// inflating stops at the end of the compressed bytes an entry has (a stream that never ends is an
/// error, not a loop: ZIPFoundation 0.9.20 looped for ever on one, found by the fuzzer), and the
/// bytes that come out are counted against `limit` as they come, whatever the headers say.
struct ZipParts {
    struct Entry {
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeader: Int
    }

    let data: Data
    private(set) var entries: [String: Entry] = [:]

    init(_ data: Data, maximumEntries: Int) throws(XlsxReadError) {
        self.data = data
        let damaged = XlsxReadError("not a readable .xlsx workbook (the zip container is damaged or truncated)")
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw damaged }
        var end = -1
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw damaged }
        let count = u16(end + 10), size = u32(end + 12), offset = u32(end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw XlsxReadError("the zip uses ZIP64 (for files over 4 GB), which a workbook readiness reads never needs")
        }
        if count > maximumEntries {
            throw XlsxReadError("the zip holds more than \(maximumEntries) entries (a workbook has a few dozen): not a workbook readiness reads")
        }
        guard offset + size <= end else { throw damaged }
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x0201_4B50 else { throw damaged }
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            guard p + 46 + nameLength <= end else { throw damaged }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(method: UInt16(u16(p + 10)), crc: UInt32(u32(p + 16)), compressedSize: u32(p + 20),
                              uncompressedSize: u32(p + 24), localHeader: u32(p + 42))
            if entries[name] == nil { entries[name] = entry }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// Why unpacking stopped.
    enum Failure: Error {
        /// `limit` refused the bytes that came out so far.
        case limit(XlsxReadError)
        /// The entry's bytes are not what its headers say, in words.
        case damaged(Phrase)
    }

    /// An entry's bytes; `limit` is asked about the count that has come out so far, chunk by chunk.
    func unpack(_ entry: Entry, limit: (Int) -> XlsxReadError?) throws(Failure) -> Data {
        let result = data.withUnsafeBytes { raw -> Result<Data, Failure> in
            do throws(Failure) { return .success(try Self.unpack(entry, from: raw.bindMemory(to: UInt8.self), limit: limit)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func unpack(_ entry: Entry, from bytes: UnsafeBufferPointer<UInt8>, limit: (Int) -> XlsxReadError?) throws(Failure) -> Data {
        let total = bytes.count
        let local = entry.localHeader
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard local >= 0, local + 30 <= total, bytes[local] == 0x50, bytes[local + 1] == 0x4B,
              bytes[local + 2] == 0x03, bytes[local + 3] == 0x04 else { throw .damaged("its local header is missing") }
        let start = local + 30 + u16(local + 26) + u16(local + 28)
        guard start <= total, entry.compressedSize <= total - start else { throw .damaged("its data runs past the end of the file") }
        let input = UnsafeBufferPointer(rebasing: bytes[start..<(start + entry.compressedSize)])
        var out = Data()
        switch entry.method {
        case 0:
            if let stop = limit(input.count) { throw .limit(stop) }
            out.append(input)
        case 8:
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw .damaged("zlib cannot start")
            }
            defer { inflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                if produced > 0 {
                    if let stop = limit(out.count + produced) { throw .limit(stop) }
                    out.append(contentsOf: chunk[0..<produced])
                }
                if result == Z_STREAM_END { break }
                if result == Z_OK && produced > 0 { continue }
                if result == Z_OK || result == Z_BUF_ERROR { throw .damaged("its compressed data ends before its end") }
                throw .damaged("its compressed data is corrupt")
            }
        default:
            throw .damaged("an unknown compression method (\(entry.method))")
        }
        let crc = out.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
        if crc != entry.crc { throw .damaged("its checksum does not match its content") }
        return out
    }
}
