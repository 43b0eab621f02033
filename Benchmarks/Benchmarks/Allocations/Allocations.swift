import Benchmark
import Workload

// Allocation counts per request (ordo-one/benchmark's malloc counter):
//   swift package --disable-sandbox benchmark --target Allocations
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.mallocCountTotal, .wallClock], maxDuration: .seconds(2))
    let files = WorkloadFiles()
    let data = WorkloadData()
    let lantern = LanternWorkload(files: files, data: data)
    Benchmark("exec_A") { benchmark in
        blackHole(lantern.execute(files.queryA, variables: .init(), cached: false))
    }
    Benchmark("exec_A_cached") { benchmark in
        blackHole(lantern.execute(files.queryA, variables: .init(), cached: true))
    }
    Benchmark("exec_B") { benchmark in
        blackHole(lantern.execute(files.queryB, variables: lantern.variablesB, cached: false))
    }
    Benchmark("exec_B_cached") { benchmark in
        blackHole(lantern.execute(files.queryB, variables: lantern.variablesB, cached: true))
    }
    Benchmark("parse_C") { benchmark in
        blackHole(lantern.parse(files.docC))
    }
    Benchmark("validate_C") { benchmark in
        blackHole(lantern.validate(lantern.documentC))
    }
}
