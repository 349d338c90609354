import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading, filing and delivering mail in a maildir (cr.yp.to/proto/maildir.html, with the
/// Maildir++ sub-maildirs of Courier and Dovecot; `workflow.md` §6). Nothing here deletes a
/// mail: every move is a link then an unlink that never replaces a file, and every change to
/// a folder is flushed to disk before the call returns.
extension Maildir {
    /// Where a handled mail goes.
    public enum Destination: Sendable, Equatable {
        /// This maildir's `cur/`, with these flags joined to the mail's own (`S`: seen).
        case cur(addingFlags: [Character])
        /// A sub-maildir (`.Refused`, `.Review`, …), created on demand; the mail goes to its
        /// `new/`, unread, for the person who looks there.
        case folder(Folder)
    }

    /// The mail waiting in `new/`: regular files whose names do not start with a dot, in no
    /// particular order. Only `new/` is read, so the cost follows the new mail, never `cur/`.
    ///
    /// - Throws: `MaildirError` when `new/` cannot be read.
    public func listNew() throws -> [MaildirEntry] {
        var skipped: [String] = []
        return try listNew(skipped: &skipped)
    }

    /// `listNew()`, and in `skipped` the names in `new/` that are not regular files (a
    /// symbolic link, a FIFO, a folder): never read — a link could point anywhere on the
    /// machine — and left where they are, for the caller to report.
    ///
    /// - Throws: `MaildirError` when `new/` cannot be read.
    public func listNew(skipped: inout [String]) throws -> [MaildirEntry] {
        guard let dir = opendir(new.path) else { throw POSIXFile.failure("opendir", new.path) }
        defer { closedir(dir) }
        var entries: [MaildirEntry] = []
        while let item = readdir(dir) {
            var name = Maildir.entryName(item)
            if name.hasPrefix(".") { continue }
            if let raw = Maildir.invalidUTF8Name(item) {
                // A name that is not UTF-8 cannot be opened through a String: the file is
                // renamed in place to one that is (each stray byte as %XX), or it would be
                // "vanished" to every pass.
                guard let renamed = try renameToUTF8(raw) else { continue }
                name = renamed
            }
            let type = item.pointee.d_type
            if type != UInt8(DT_REG) && type != UInt8(DT_UNKNOWN) { skipped.append(name); continue }
            if type == UInt8(DT_UNKNOWN) {
                var st = stat()
                guard lstat(new.appendingPathComponent(name, isDirectory: false).path, &st) == 0 else { continue }
                guard (st.st_mode & S_IFMT) == S_IFREG else { skipped.append(name); continue }
            }
            entries.append(MaildirEntry(directory: new, name: name))
        }
        return entries
    }

    /// The bytes of `entry`, or nil when the file has vanished since it was listed (an
    /// operator moved it): that is not an error.
    ///
    /// - Throws: `MaildirError` for any other failure to read.
    public func read(_ entry: MaildirEntry) throws -> Data? {
        let fd = open(entry.url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw POSIXFile.failure("open", entry.url.path)
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.failure("read", entry.url.path)
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// The receipt time of `entry` (`requests.md` §1): the time in its name, else the file's
    /// modification time, each only when it lies in `Maildir.plausibleReceipt`; nil when
    /// neither does or the file has vanished (the pass then uses its own time).
    public func receiptTime(_ entry: MaildirEntry) -> Date? {
        if let t = entry.receiptTimeFromName, Maildir.plausibleReceipt.contains(t) { return t }
        var st = stat()
        guard stat(entry.url.path, &st) == 0 else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec))
        return Maildir.plausibleReceipt.contains(modified) ? modified : nil
    }

    /// The receipt times the desk accepts from a name or a file: 2000-01-01 to the end of
    /// 9998, UTC. A file named `5.M1P1.host` (1970), or `999999999999.…` (the year 33658),
    /// gave a year no request number can carry (`REQ-YYYY-…`, 2000-9999), and the pass
    /// stopped at that mail every time.
    public static let plausibleReceipt = Date(timeIntervalSince1970: 946_684_800)..<Date(timeIntervalSince1970: 253_370_764_800)

    /// Files `entry` (a mail in this maildir's `new/` or `cur/`) at `destination`, and returns
    /// where it now is. A name already taken there gets a distinct suffix; nothing is replaced.
    ///
    /// - Throws: `MaildirError.crossesFileSystems` when the destination is on another file
    ///   system; `MaildirError.system` for any other failure (the mail stays where it was).
    /// With `syncing` false the folders are not flushed here: the caller flushes every folder
    /// it touched once, with `sync(_:)`, after a group of moves.
    @discardableResult public func file(_ entry: MaildirEntry, to destination: Destination, syncing: Bool = true) throws -> MaildirEntry {
        let targetDirectory: URL
        let targetName: String
        switch destination {
        case .cur(let flags):
            targetDirectory = cur
            targetName = entry.curName(adding: flags)
        case .folder(let folder):
            let sub = subfolder(folder)
            if !FileManager.default.fileExists(atPath: sub.new.path) {
                do {
                    try sub.create(withSubfolders: false)
                } catch {
                    // Foundation's error (a file where the folder should be, say) named as the
                    // desk names every other failure to move a mail.
                    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? Error
                    let posix = underlying.map { Int32(($0 as NSError).code) } ?? EIO
                    throw MaildirError.system(operation: "make the sub-maildir for mail to be filed to", path: sub.root.path,
                                              errno: posix, message: String(cString: strerror(posix)))
                }
                let marker = sub.root.appendingPathComponent("maildirfolder", isDirectory: false)
                if !FileManager.default.fileExists(atPath: marker.path) { try POSIXFile.writeNew([], to: marker) }
            }
            targetDirectory = sub.new
            targetName = entry.name
        }
        // A name already taken gets "-N" before the info suffix: uniq-1:2,S. A name that the
        // suffix would take past the file system's 255 bytes is shortened first (see
        // `Maildir.fitting`): a legal name in new/ must never make a mail impossible to file.
        func candidate(_ attempt: Int) -> String {
            let colon = targetName.firstIndex(of: ":") ?? targetName.endIndex
            let (base, info) = (String(targetName[..<colon]), String(targetName[colon...]))
            let counter = attempt > 0 ? "-\(attempt)" : ""
            return Maildir.fitting(base, room: Maildir.nameMax - counter.utf8.count - info.utf8.count) + counter + info
        }
        for attempt in 0..<100 {
            let name = candidate(attempt)
            let target = targetDirectory.appendingPathComponent(name, isDirectory: false)
            if try POSIXFile.moveNoReplace(from: entry.url, to: target) {
                if syncing {
                    try POSIXFile.syncDirectory(targetDirectory)
                    try POSIXFile.syncDirectory(entry.directory)
                }
                return MaildirEntry(directory: targetDirectory, name: name)
            }
        }
        throw POSIXFile.failure("move (every name taken)", targetDirectory.appendingPathComponent(targetName, isDirectory: false).path, EEXIST)
    }

    /// The longest file name, in bytes, that Linux file systems take (NAME_MAX).
    public static let nameMax = 255

    /// `base` when it fits in `room` bytes; else its start, cut on a Character boundary, then
    /// `~` and eight hex digits of a hash of the whole (FNV-1a), so that two long names
    /// sharing their start still differ.
    static func fitting(_ base: String, room: Int) -> String {
        guard base.utf8.count > room else { return base }
        var hash: UInt32 = 2_166_136_261
        for byte in base.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let tag = "~" + String(hash, radix: 16).leftPadded(to: 8)
        var kept = ""
        for c in base {
            if kept.utf8.count + c.utf8.count + tag.utf8.count > room { break }
            kept.append(c)
        }
        return kept + tag
    }

    /// Flushes each of `folders` to disk once (after moves made with `syncing: false`).
    ///
    /// - Throws: `MaildirError` when a folder cannot be flushed.
    public func sync(_ folders: Set<URL>) throws {
        for folder in folders.sorted(by: { $0.path < $1.path }) { try POSIXFile.syncDirectory(folder) }
    }

    /// Where new files are delivered.
    public enum Delivery: Sendable, Equatable {
        /// `new/`, unread.
        case new
        /// `cur/` with these flags.
        case cur(flags: [Character])
    }

    /// Delivers `bytes` as a new mail the maildir way: written to `tmp/` under a unique name
    /// (time, microseconds, process, random part, host), flushed, moved into `new/` or `cur/`,
    /// and the folder flushed.
    ///
    /// - Throws: `MaildirError` when any step fails; the `tmp/` file is then removed.
    /// With `syncing` false the target folder is not flushed here (see `sync(_:)`); the file
    /// itself always is.
    /// With `name`, that name is used instead of a new unique one (it must be unique already:
    /// the outbox names a letter by its Message-ID, so that a repeated delivery is seen).
    @discardableResult public func deliver(_ bytes: [UInt8], into delivery: Delivery = .new, now: Date = Date(), syncing: Bool = true,
                                           name given: String? = nil) throws -> MaildirEntry {
        // tmp/ always gets a fresh name: a crash may have left a file under the given one.
        let fresh = Maildir.uniqueName(now: now)
        let unique = given ?? fresh
        let temporary = tmp.appendingPathComponent(fresh, isDirectory: false)
        try POSIXFile.writeNew(bytes, to: temporary)
        let name: String
        let directory: URL
        switch delivery {
        case .new:
            name = unique
            directory = new
        case .cur(let flags):
            name = unique + ":2," + String(Array(Set(flags)).sorted())
            directory = cur
        }
        let target = directory.appendingPathComponent(name, isDirectory: false)
        guard try POSIXFile.moveNoReplace(from: temporary, to: target) else {
            unlink(temporary.path)
            throw POSIXFile.failure("deliver", target.path, EEXIST)
        }
        if syncing { try POSIXFile.syncDirectory(directory) }
        return MaildirEntry(directory: directory, name: name)
    }

    /// Replaces the content of `entry` with `bytes` without editing it in place: the new copy
    /// is written to `tmp/`, flushed, and renamed over the old name (`workflow.md` §6, for a
    /// stored copy with a password cut).
    ///
    /// - Throws: `MaildirError` when a step fails; the old content is then still there.
    public func rewrite(_ entry: MaildirEntry, with bytes: [UInt8], now: Date = Date()) throws {
        let temporary = tmp.appendingPathComponent(Maildir.uniqueName(now: now), isDirectory: false)
        try POSIXFile.writeNew(bytes, to: temporary)
        guard rename(temporary.path, entry.url.path) == 0 else {
            let failure = POSIXFile.failure("rename", temporary.path)
            unlink(temporary.path)
            throw failure
        }
        try POSIXFile.syncDirectory(entry.directory)
    }

    /// Removes files in `tmp/` not modified for `age` seconds (36 hours by the maildir
    /// specification: a delivery that old has failed), and returns their names for the log.
    ///
    /// - Throws: `MaildirError` when `tmp/` cannot be read.
    public func removeStaleTemporaryFiles(now: Date, age: TimeInterval = 36 * 3600) throws -> [String] {
        guard let dir = opendir(tmp.path) else {
            if errno == ENOENT { return [] }
            throw POSIXFile.failure("opendir", tmp.path)
        }
        defer { closedir(dir) }
        var removed: [String] = []
        while let item = readdir(dir) {
            let name = Maildir.entryName(item)
            if name == "." || name == ".." { continue }
            let path = tmp.appendingPathComponent(name, isDirectory: false).path
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = TimeInterval(st.st_mtim.tv_sec)
            if now.timeIntervalSince1970 - modified > age, unlink(path) == 0 {
                removed.append(name)
            }
        }
        return removed.sorted()
    }

    /// The name in a `dirent`, up to its NUL.
    /// The raw bytes of the entry's name when they are not valid UTF-8; nil when they are.
    static func invalidUTF8Name(_ item: UnsafeMutablePointer<dirent>) -> [UInt8]? {
        withUnsafeBytes(of: item.pointee.d_name) { raw in
            let bytes = Array(raw.prefix { $0 != 0 })
            return String(validating: bytes, as: UTF8.self) == nil ? bytes : nil
        }
    }

    /// Renames the file of `new/` named by the bytes `raw` to a UTF-8 name: the valid UTF-8
    /// kept, every other byte (and `%`) written `%XX`, and `-N` added while the name is taken.
    /// Returns the new name; nil when the file went away first.
    ///
    /// - Throws: `MaildirError` when the rename fails otherwise.
    func renameToUTF8(_ raw: [UInt8]) throws -> String? {
        var name = ""
        var i = 0
        while i < raw.count {
            let b = raw[i]
            let length = b < 0x80 ? 1 : b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
            if length > 0, i + length <= raw.count, b != 0x25, let scalar = String(validating: raw[i..<(i + length)], as: UTF8.self) {
                name += scalar
                i += length
            } else {
                name += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
                i += 1
            }
        }
        let from = Array(new.path.utf8) + [0x2F] + raw + [0]
        for attempt in 0..<100 {
            let candidate = attempt == 0 ? name : name + "-\(attempt)"
            let target = new.appendingPathComponent(candidate, isDirectory: false).path
            let linked = from.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { link($0.baseAddress!, target) }
            }
            if linked == 0 {
                _ = from.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } }
                return candidate
            }
            let code = errno
            if code == ENOENT { return nil }
            if [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK].contains(code) {
                // A file system without hard links: rename, after checking that nothing is
                // there (as `POSIXFile.moveNoReplace` does).
                if access(target, F_OK) == 0 { continue }
                let renamed = from.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { rename($0.baseAddress!, target) } }
                if renamed == 0 { return candidate }
                throw POSIXFile.failure("rename", target)
            }
            if code != EEXIST { throw POSIXFile.failure("link", target, code) }
        }
        throw POSIXFile.failure("rename (every name taken)", new.appendingPathComponent(name, isDirectory: false).path, EEXIST)
    }

    static func entryName(_ item: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: item.pointee.d_name) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A unique file name as the maildir specification describes it:
    /// `seconds.M<microseconds>P<pid>R<random>.<host>`, with `/` and `:` in the host escaped.
    public static func uniqueName(now: Date) -> String {
        let seconds = Int(now.timeIntervalSince1970)
        let micro = Int((now.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        var generator = PooledRandom()
        let random = String(generator.next(), radix: 16)
        var hostBuffer = [CChar](repeating: 0, count: 256)
        gethostname(&hostBuffer, 255)
        let host = String(decoding: hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        return "\(seconds).M\(micro)P\(getpid())R\(random).\(host.isEmpty ? "localhost" : host)"
    }
}

private extension String {
    /// The string with `0`s before it up to `count` characters.
    func leftPadded(to count: Int) -> String { String(repeating: "0", count: max(0, count - self.count)) + self }
}
