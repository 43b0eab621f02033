import Foundation
import Workload

// Side-by-side benchmark of Lantern and GraphQLSwift 4.3.0 on ../shared/workloads, in one
// process, following the workload's method: warm-up, then repetitions of at least
// BENCH_REP_SECONDS and BENCH_MIN_ITERS each; a figure is the median of the repetitions' means.
// Run pinned to one CPU:  taskset -c 1 swift run -c release lantern-bench

let environment = ProcessInfo.processInfo.environment
let warmupSeconds = Double(environment["BENCH_WARMUP_SECONDS"] ?? "1") ?? 1
let repetitions = Int(environment["BENCH_REPS"] ?? "5") ?? 5
let repetitionSeconds = Double(environment["BENCH_REP_SECONDS"] ?? "1") ?? 1
let minimumIterations = Int(environment["BENCH_MIN_ITERS"] ?? "100") ?? 100
let only = environment["BENCH_ONLY"]
let skipPeer = environment["BENCH_PEER"] == "0"

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Median of per-repetition mean microseconds.
func measure(_ body: () -> Void) -> Double {
    let warmupEnd = now() + warmupSeconds
    var warmups = 0
    while now() < warmupEnd || warmups < 10 { body(); warmups += 1 }
    var means: [Double] = []
    for _ in 0..<repetitions {
        let start = now()
        var iterations = 0
        while now() - start < repetitionSeconds || iterations < minimumIterations { body(); iterations += 1 }
        means.append((now() - start) / Double(iterations) * 1e6)
    }
    return means.sorted()[means.count / 2]
}

func measureAsync(_ body: () async -> Void) async -> Double {
    let warmupEnd = now() + warmupSeconds
    var warmups = 0
    while now() < warmupEnd || warmups < 10 { await body(); warmups += 1 }
    var means: [Double] = []
    for _ in 0..<repetitions {
        let start = now()
        var iterations = 0
        while now() - start < repetitionSeconds || iterations < minimumIterations { await body(); iterations += 1 }
        means.append((now() - start) / Double(iterations) * 1e6)
    }
    return means.sorted()[means.count / 2]
}

struct Row {
    var name: String
    /// Machine-readable name for the `RESULT` lines (Benchmarks/run.sh merges them with other peers).
    var key: String
    var lantern: Double
    var peer: Double?
    var bytes: Int?
    var note: String = ""
}

func report(_ rows: [Row]) {
    func format(_ value: Double) -> String { value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value) }
    print("| benchmark | Lantern µs/op | Lantern MB/s | GraphQLSwift µs/op | ratio (GraphQLSwift / Lantern) | note |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows {
        let throughput = row.bytes.map { String(format: "%.1f", Double($0) / row.lantern) } ?? ""
        let peer = row.peer.map(format) ?? ""
        let ratio = row.peer.map { String(format: "%.1f×", $0 / row.lantern) } ?? ""
        print("| \(row.name) | \(format(row.lantern)) | \(throughput) | \(peer) | \(ratio) | \(row.note) |")
    }
    print()
    for row in rows {
        print("RESULT impl=Lantern name=\(row.key) us=\(String(format: "%.3f", row.lantern))")
        if let peer = row.peer { print("RESULT impl=GraphQLSwift name=\(row.key) us=\(String(format: "%.3f", peer))") }
    }
}

let files = WorkloadFiles()
let data = WorkloadData()
let lantern = LanternWorkload(files: files, data: data)
let peer = GraphQLSwiftWorkload(files: files, data: data)
let structs = LanternStructWorkload(files: files, data: data)

// Correctness first: both must produce the workload's expected bytes.
precondition(lantern.execute(files.queryA, variables: .init(), cached: false) == files.expectedA, "Lantern A differs")
precondition(lantern.execute(files.queryB, variables: lantern.variablesB, cached: false) == files.expectedB, "Lantern B differs")
precondition(Floor.writeA(data) == files.expectedA, "floor A differs")
precondition(structs.execute(files.queryA, variables: .init(), cached: true) == files.expectedA, "Lantern (struct models) A differs")
precondition(structs.execute(files.queryB, variables: lantern.variablesB, cached: false) == files.expectedB, "Lantern (struct models) B differs")
precondition(lantern.validate(lantern.documentC) == 0, "C must be valid")
let peerA = await peer.execute(files.queryA, variables: [:])
let peerMatchesA = peerA == files.expectedA

// A fixed number of exec_A iterations and nothing else, for instruction-count profiling
// (valgrind --tool=callgrind), which is repeatable where wall-clock time on a shared machine is not.
if let fixed = environment["BENCH_FIXED_ITERS"].flatMap(Int.init) {
    let query = environment["BENCH_QUERY"] == "B" ? files.queryB : files.queryA
    let variables = environment["BENCH_QUERY"] == "B" ? lantern.variablesB : .init()
    let cached = environment["BENCH_CACHED"] == "1"
    if environment["BENCH_STRUCTS"] == "1" {  // the struct-model adapter instead of the class one
        for _ in 0..<fixed { _ = structs.execute(query, variables: variables, cached: cached) }
    } else {
        for _ in 0..<fixed { _ = lantern.execute(query, variables: variables, cached: cached) }
    }
    exit(0)
}

func wanted(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }

var rows: [Row] = []
let large = WorkloadFiles.largeDocument()
let aliases = WorkloadFiles.aliasesDocument()
let nested = WorkloadFiles.nestedFragmentsDocument()

if wanted("parse") {
    rows.append(Row(name: "parse_C (4 KB)", key: "parse_C", lantern: measure { _ = lantern.parse(files.docC) },
                    peer: skipPeer ? nil : measure { _ = peer.parse(files.docC) }, bytes: files.docC.utf8.count))
    rows.append(Row(name: "parse_large (\(large.utf8.count / 1000) KB)", key: "parse_large", lantern: measure { _ = lantern.parse(large) },
                    peer: skipPeer ? nil : measure { _ = peer.parse(large) }, bytes: large.utf8.count))
}
if wanted("validate") {
    let peerC = peer.documentC
    rows.append(Row(name: "validate_C", key: "validate_C", lantern: measure { _ = lantern.validate(lantern.documentC) },
                    peer: skipPeer ? nil : measure { _ = peer.validate(peerC) }))
    let aliasesDocument = lantern.parse(aliases)
    let nestedDocument = lantern.parse(nested)
    rows.append(Row(name: "validate_2000_aliases", key: "validate_2000_aliases", lantern: measure { _ = lantern.validate(aliasesDocument) }, peer: nil,
                    note: "OverlappingFieldsCanBeMerged stress"))
    rows.append(Row(name: "validate_nested_fragments", key: "validate_nested_fragments", lantern: measure { _ = lantern.validate(nestedDocument) }, peer: nil,
                    note: "10 levels, each spread 4×"))
}
if wanted("exec") {
    let floor = measure { _ = Floor.writeA(data) }
    let execA = measure { _ = lantern.execute(files.queryA, variables: .init(), cached: false) }
    let peerExecA: Double? = skipPeer ? nil : await measureAsync { _ = await peer.execute(files.queryA, variables: [:]) }
    rows.append(Row(name: "exec_A (no cache)", key: "exec_A", lantern: execA, peer: peerExecA,
                    note: String(format: "%.2f× the floor", execA / floor) + (peerMatchesA ? "" : "; GraphQLSwift output differs")))
    rows.append(Row(name: "exec_A (document cache)", key: "exec_A_cached", lantern: measure { _ = lantern.execute(files.queryA, variables: .init(), cached: true) }, peer: nil))
    rows.append(Row(name: "exec_A (struct models, document cache)", key: "exec_A_struct_cached",
                    lantern: measure { _ = structs.execute(files.queryA, variables: .init(), cached: true) }, peer: nil,
                    note: "struct parents in a non-indirect enum"))
    rows.append(Row(name: "floor_A (hand-written encoder)", key: "floor_A", lantern: floor, peer: nil))
    let variables = lantern.variablesB
    rows.append(Row(name: "exec_B (no cache)", key: "exec_B", lantern: measure { _ = lantern.execute(files.queryB, variables: variables, cached: false) },
                    peer: skipPeer ? nil : await measureAsync { _ = await peer.execute(files.queryB, variables: peer.variablesB) }))
    rows.append(Row(name: "exec_B (document cache)", key: "exec_B_cached", lantern: measure { _ = lantern.execute(files.queryB, variables: variables, cached: true) }, peer: nil))
}
report(rows)
