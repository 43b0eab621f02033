import LanternLanguage
import LanternSchema

// Resumable execution. A field whose resolver returns pending work leaves a hole in the
// segment being written and execution goes on with its siblings. When a level's work has
// run, each hole's value is completed into a segment of its own, which may leave holes for
// the next level. Nothing is executed twice: a resolver runs once per (object, field), and a
// batch loader sees each parent once.
//
// Null propagation crosses levels through regions: a nullable position (field or list item)
// that contains holes is recorded with its byte range. When a hole's value fails and its field
// is non-null, the innermost region around it becomes `null`, which hides everything inside,
// including segments completed earlier. Region 0 is `data` itself.

/// A field whose value is pending work: where its value goes and how to complete it.
@usableFromInline
struct PendingField<Source: Sendable> {
    /// The segment holding the hole, and the byte offset the value goes to.
    @usableFromInline let segment: Int
    @usableFromInline let offset: Int
    /// The innermost nullable region around the hole (-1 until a position adopts it).
    @usableFromInline var parent = -1
    /// Inside a position that failed synchronously: its bytes were discarded.
    @usableFromInline var discarded = false
    /// The segment with the completed value, once there is one.
    @usableFromInline var content = -1
    @usableFromInline let path: [PathComponent]
    @usableFromInline let plan: FieldPlan
    @usableFromInline let work: @Sendable () async throws -> Source

    @usableFromInline
    init(segment: Int, offset: Int, path: [PathComponent], plan: FieldPlan, work: @escaping @Sendable () async throws -> Source) {
        self.segment = segment
        self.offset = offset
        self.path = path
        self.plan = plan
        self.work = work
    }
}

/// A nullable position that contains holes: the bytes `start..<end` of a segment, written as
/// `null` if a non-null field inside fails later.
@usableFromInline
struct NullableRegion {
    @usableFromInline let segment: Int
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    @usableFromInline var parent: Int
    @usableFromInline var nulled = false
    @usableFromInline var discarded = false

    @usableFromInline
    init(segment: Int, start: Int, end: Int, parent: Int) {
        self.segment = segment
        self.start = start
        self.end = end
        self.parent = parent
    }
}

extension ExecutionState {
    /// Leaves a hole for `work` at the current position.
    @inlinable
    mutating func deferValue(_ plan: FieldPlan, _ work: @escaping @Sendable () async throws -> Main.Source) {
        if regions.isEmpty {
            regions.append(NullableRegion(segment: 0, start: 0, end: 0, parent: -1))
            segments.append([])
        }
        orphans.append(pendingFields.count)
        pendingFields.append(PendingField(segment: segment, offset: writer.bytes.count, path: path, plan: plan, work: work))
    }

    /// A nullable position that started at byte `start` (when `orphans` had `orphanMark`
    /// entries) completed: if holes were left inside it, it becomes their region.
    @inlinable
    mutating func adoptOrphans(since orphanMark: Int, start: Int) {
        guard orphans.count > orphanMark else { return }
        let region = regions.count
        regions.append(NullableRegion(segment: segment, start: start, end: writer.bytes.count, parent: -1))
        adoptOrphans(since: orphanMark, into: region)
        orphans.append(~region)
    }

    /// A nullable position failed synchronously: its bytes are replaced by `null`, and the holes
    /// left inside it are dropped before their work starts.
    @inlinable
    mutating func writeNull(from mark: Int, orphanMark: Int) {
        writer.bytes.removeSubrange(mark...)
        writer.raw("null")
        discardOrphans(since: orphanMark)
    }

    /// The orphans from `orphanMark` on get `region` as their enclosing nullable position.
    @usableFromInline
    mutating func adoptOrphans(since orphanMark: Int, into region: Int) {
        for orphan in orphans[orphanMark...] {
            if orphan >= 0 { pendingFields[orphan].parent = region } else { regions[~orphan].parent = region }
        }
        orphans.removeSubrange(orphanMark...)
    }

    /// The orphans from `orphanMark` on were inside bytes that are gone: their work never runs.
    @usableFromInline
    mutating func discardOrphans(since orphanMark: Int) {
        for orphan in orphans[orphanMark...] {
            if orphan >= 0 { pendingFields[orphan].discarded = true } else { regions[~orphan].discarded = true }
        }
        orphans.removeSubrange(orphanMark...)
    }

    /// Whether `region` or a region around it satisfies `condition`.
    @usableFromInline
    func anyRegion(from region: Int, _ condition: (NullableRegion) -> Bool) -> Bool {
        var region = region
        while region >= 0 {
            if condition(regions[region]) { return true }
            region = regions[region].parent
        }
        return false
    }

    /// Whether a pending field's value is still wanted: no position around it was discarded
    /// or nulled.
    @usableFromInline
    func isWanted(_ index: Int) -> Bool {
        let field = pendingFields[index]
        return !field.discarded && !anyRegion(from: field.parent) { $0.nulled || $0.discarded }
    }

    /// Whether `data` itself became null.
    @usableFromInline
    var dataNulled: Bool { !regions.isEmpty && regions[0].nulled }

    /// Runs every level of pending work to the end: each level's work concurrently, then each
    /// value completed in place, in the order the holes were found. Returns false when the task
    /// was cancelled (a deadline, or a client gone).
    @inlinable
    mutating func finishPendingWork(resolvers: Main) async -> Bool {
        if pendingFields.isEmpty { return true }
        adoptOrphans(since: 0, into: 0)
        let rootWriter = writer, rootSegment = segment, rootPath = path
        defer { (writer, segment, path) = (rootWriter, rootSegment, rootPath) }
        while nextPending < pendingFields.count {
            let level = (nextPending..<pendingFields.count).filter(isWanted)
            nextPending = pendingFields.count
            if level.isEmpty { continue }
            let work = level.map { pendingFields[$0].work }
            let results = await Self.run(work)
            if Task.isCancelled { return false }
            for (position, index) in level.enumerated() where isWanted(index) {
                complete(index, with: results[position], resolvers: resolvers)
            }
        }
        return true
    }

    /// Runs one level's work concurrently; results in the order of `work`.
    @inlinable
    static func run(_ work: [@Sendable () async throws -> Main.Source]) async -> [Result<Main.Source, any Error>] {
        if work.count == 1 {
            do { return [.success(try await work[0]())] } catch { return [.failure(error)] }
        }
        return await withTaskGroup(of: (Int, Result<Main.Source, any Error>).self) { group in
            for (index, item) in work.enumerated() {
                group.addTask {
                    do { return (index, .success(try await item())) } catch { return (index, .failure(error)) }
                }
            }
            var results = [Result<Main.Source, any Error>?](repeating: nil, count: work.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// Completes one pending field's value into a new segment. A failure nulls the innermost
    /// nullable position around the field (the field itself when it is nullable).
    @inlinable
    mutating func complete(_ index: Int, with result: Result<Main.Source, any Error>, resolvers: Main) {
        let field = pendingFields[index]
        writer = JSONWriter(capacity: 256)
        segment = segments.count
        segments.append([])
        path = field.path
        let completed: Bool
        switch result {
        case .success(let value):
            completed = completeValue(field.plan.type, field.plan, value, resolvers: resolvers)
        case .failure(let error):
            recordThrown(error, field.plan)
            completed = false
        }
        if completed {
            adoptOrphans(since: 0, into: field.parent)
            segments[segment] = writer.bytes
            pendingFields[index].content = segment
        } else {
            discardOrphans(since: 0)
            regions[field.parent].nulled = true
        }
    }

    /// The response's `data` bytes: the root segment with every hole filled and every nulled
    /// region written as `null`.
    @usableFromInline
    mutating func assembleData() -> [UInt8] {
        if pendingFields.isEmpty { return writer.bytes }
        segments[0] = writer.bytes
        var splices = [[Splice]](repeating: [], count: segments.count)
        for field in pendingFields where field.content >= 0 {
            splices[field.segment].append(Splice(start: field.offset, end: field.offset, content: field.content))
        }
        for index in regions.indices.dropFirst() where regions[index].nulled && !anyRegion(from: index, \.discarded) {
            let region = regions[index]
            splices[region.segment].append(Splice(start: region.start, end: region.end, content: -1))
        }
        for index in splices.indices where splices[index].count > 1 {
            // Outer nulls before what they contain; a null before a hole at the same offset.
            splices[index].sort { ($0.start, -$0.end, $0.content) < ($1.start, -$1.end, $1.content) }
        }
        var output = JSONWriter(capacity: segments.reduce(0) { $0 + $1.count })
        write(segment: 0, splices, into: &output)
        return output.bytes
    }

    @usableFromInline
    func write(segment index: Int, _ splices: [[Splice]], into output: inout JSONWriter) {
        let bytes = segments[index]
        var cursor = 0
        var nullEnd = -1
        for splice in splices[index] {
            if splice.start <= nullEnd { continue }
            output.bytes.append(contentsOf: bytes[cursor..<splice.start])
            if splice.content < 0 {
                output.raw("null")
                cursor = splice.end
                nullEnd = splice.end
            } else {
                write(segment: splice.content, splices, into: &output)
                cursor = splice.start
            }
        }
        output.bytes.append(contentsOf: bytes[cursor...])
    }
}

/// A replacement in a segment: a pending field's value (`content` is its segment) or a nulled
/// region (`content` -1).
@usableFromInline
struct Splice {
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    @usableFromInline let content: Int

    @usableFromInline
    init(start: Int, end: Int, content: Int) {
        self.start = start
        self.end = end
        self.content = content
    }
}
