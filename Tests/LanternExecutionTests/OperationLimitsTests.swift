import Synchronization
import Testing
@testable import LanternExecution

/// JSON resolvers that count every call, to prove a refused operation ran none.
final class CallCounter: Sendable {
    let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

struct CountingResolvers: Resolvers {
    let inner = JSONResolvers()
    let calls = CallCounter()

    func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) throws -> Resolution<JSONValue> {
        calls.increment()
        return try inner.resolve(info, source: source, arguments: arguments, context: context)
    }
    func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? { try inner.typeName(of: value, abstractType: abstractType) }
    func view(_ value: JSONValue) -> ValueView { inner.view(value) }
    func element(of list: JSONValue, at index: Int) -> JSONValue { inner.element(of: list, at: index) }
    func leafValue(_ value: JSONValue) -> JSONValue { inner.leafValue(value) }
}

private let limitsSDL = """
directive @cost(weight: String!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
directive @tag(name: String) repeatable on FIELD
directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
type Query {
  user: User
  users(first: Int = 5): [User!]! @listSize(slicingArguments: ["first"])
  page(first: Int = 20, after: String): UserConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
  search(term: String @cost(weight: "7")): [Node!]! @listSize(assumedSize: 3)
  expensive: Int @cost(weight: "2.5")
}
type Mutation { touch: Int @cost(weight: "40") }
interface Node { id: ID }
type User implements Node { id: ID name: String friends: [User!]! heavy: Heavy }
type Heavy @cost(weight: "100") { id: ID }
type Doc implements Node { id: ID owner: User }
type UserConnection { edges: [UserEdge!]! }
type UserEdge { node: User! }
"""

private func limitedEngine(_ limits: OperationLimits = .default) throws -> GraphQLEngine<CountingResolvers> {
    GraphQLEngine(schema: try Schema.build(sdl: limitsSDL), resolvers: CountingResolvers(), root: .object(JSONObject()),
                  validationOptions: ValidationOptions(limits: limits))
}

private func code(_ response: ExecutionResponse) -> String? { response.errors.first?.code }
private func detail(_ response: ExecutionResponse, _ key: String) -> ErrorDetail.Value? {
    response.errors.first?.details.first { $0.key == key }?.value
}

@Suite struct OperationLimitsTests {
    /// A selection `depth` levels deep: user { friends { friends { … id } } }.
    private func nested(_ depth: Int) -> String {
        "{ user { " + String(repeating: "friends { ", count: depth - 2) + "id" + String(repeating: " }", count: depth - 2) + " } }"
    }

    @Test func depthAtTheLimitRunsAndBeyondIsRefusedBeforeAnyResolver() async throws {
        let engine = try limitedEngine(OperationLimits(maxDepth: 15, maxCost: nil))
        let allowed = await engine.execute(GraphQLRequest(query: nested(15)), context: ())
        #expect(!allowed.isRequestError)
        let before = engine.resolvers.calls.value
        let refused = await engine.execute(GraphQLRequest(query: nested(16)), context: ())
        #expect(refused.isRequestError && code(refused) == "MAX_DEPTH_EXCEEDED")
        #expect(detail(refused, "depth") == .int(16) && detail(refused, "limit") == .int(15))
        #expect(engine.resolvers.calls.value == before)
    }

    @Test func depthCountsThroughFragments() async throws {
        let engine = try limitedEngine(OperationLimits(maxDepth: 3, maxCost: nil))
        let query = "{ user { ...F } } fragment F on User { friends { ... on User { friends { id } } } }"
        let refused = await engine.execute(GraphQLRequest(query: query), context: ())
        #expect(code(refused) == "MAX_DEPTH_EXCEEDED" && detail(refused, "depth") == .int(4))
    }

    @Test func aliasesAreCountedWithFragmentsExpanded() async throws {
        let engine = try limitedEngine(OperationLimits(maxAliases: 3, maxCost: nil))
        let twice = "{ user { ...F ...F } } fragment F on User { a: id b: id }"  // 4 once expanded
        let refused = await engine.execute(GraphQLRequest(query: twice), context: ())
        #expect(code(refused) == "MAX_ALIASES_EXCEEDED" && detail(refused, "aliases") == .int(4))
        let allowed = await engine.execute(GraphQLRequest(query: "{ user { a: id b: id c: name } }"), context: ())
        #expect(!allowed.isRequestError)
    }

    @Test func mutationRootFieldsAreBounded() async throws {
        let engine = try limitedEngine(OperationLimits(maxMutationRootFields: 2, maxCost: nil))
        let refused = await engine.execute(GraphQLRequest(query: "mutation { a: touch b: touch ... on Mutation { c: touch } }"), context: ())
        #expect(code(refused) == "MAX_ROOT_FIELDS_EXCEEDED" && detail(refused, "rootFields") == .int(3))
        #expect(engine.resolvers.calls.value == 0)
        let query = await engine.execute(GraphQLRequest(query: "{ a: expensive b: expensive c: expensive }"), context: ())
        #expect(!query.isRequestError, "the root-field bound is for mutations only")
    }

    @Test func directivesPerFieldAreBounded() async throws {
        let engine = try limitedEngine(OperationLimits(maxDirectivesPerField: 2, maxCost: nil))
        let refused = await engine.execute(GraphQLRequest(query: "{ user { id @tag(name: \"a\") @tag @tag } }"), context: ())
        #expect(code(refused) == "MAX_DIRECTIVES_EXCEEDED" && detail(refused, "directives") == .int(3))
        let allowed = await engine.execute(GraphQLRequest(query: "{ user { id @tag @tag } }"), context: ())
        #expect(!allowed.isRequestError)
    }

    @Test func costFollowsWeightsListSizesAndSlicingArguments() throws {
        let schema = try Schema.build(sdl: limitsSDL)
        let model = CostModel(schema: schema)
        func cost(_ query: String, variables: JSONObject = JSONObject()) throws -> Double {
            let document = try Parser.parse(query)
            let operation = document.operations[0]
            let analysis = OperationAnalysis.analyze(operation, in: document, schema: schema, costModel: model, limits: .default)
            return analysis.cost(of: operation, in: document, schema: schema, costModel: model, limits: .default, variables: variables)
        }
        #expect(try cost("{ expensive }") == 2.5)                       // field @cost
        #expect(try cost("{ user { id name } }") == 1)                   // object 1, scalars 0
        #expect(try cost("{ user { heavy { id } } }") == 101)            // type @cost applies to fields returning it
        #expect(try cost("{ users { id } }") == 1)                       // slicing default 5 × scalars 0 + weight 1
        #expect(try cost("{ users(first: 8) { heavy { id } } }") == 1 + 8 * 100)
        #expect(try cost("query ($n: Int) { users(first: $n) { heavy { id } } }", variables: JSONObject([("n", .int(3))])) == 301)
        #expect(try cost("{ page(first: 4) { edges { node { heavy { id } } } } }") == 1 + (1 + 4 * (1 + 100)))  // sizedFields
        #expect(try cost("{ search(term: \"x\") { id } }") == 1 + 7)      // argument @cost; assumedSize × 0
        #expect(try cost("{ search { ... on User { heavy { id } } ... on Doc { owner { id } } } }") == 1 + 3 * 100)  // costliest type
        #expect(try cost("mutation { a: touch b: touch }") == 80)        // aliases count
        #expect(try cost("{ __schema { types { fields { name } } } }") == 0)  // introspection is bounded elsewhere
    }

    @Test func amplificationIsRefusedWithCostAndLimitInLinearTime() async throws {
        // 20 fragments each selecting the next one twice: 2^20 expansions, analysed once each.
        var fragments = ""
        for level in 1...20 {
            let next = level == 20 ? "id" : "...F\(level + 1)"
            fragments += " fragment F\(level) on User { a: friends { \(next) } b: friends { \(next) } }"
        }
        let engine = try limitedEngine(OperationLimits(maxDepth: nil, maxAliases: nil))
        let refused = await engine.execute(GraphQLRequest(query: "{ user { ...F1 } }" + fragments), context: ())
        #expect(code(refused) == "COST_LIMIT_EXCEEDED")
        #expect(detail(refused, "limit") == .int(10_000))
        guard case .double(let cost)? = detail(refused, "cost") else { Issue.record("cost missing"); return }
        #expect(cost > 1e20)
        #expect(engine.resolvers.calls.value == 0)
    }

    @Test func limitsAreCachedWithTheDocument() async throws {
        let engine = try limitedEngine()
        _ = engine.prepare("{ users(first: 2) { id } }")
        let prepared = try engine.prepare("{ users(first: 2) { id } }").get()
        #expect(prepared.analyses[nil]?.fixedCost == 1)
        let variable = try engine.prepare("query ($n: Int) { users(first: $n) { heavy { id } } }").get()
        #expect(variable.analyses[nil]?.fixedCost == nil, "a cost that depends on variables is computed per request")
        let refused = await engine.execute(GraphQLRequest(query: "query ($n: Int) { users(first: $n) { heavy { id } } }",
                                                          variables: JSONObject([("n", .int(1_000))])), context: ())
        #expect(code(refused) == "COST_LIMIT_EXCEEDED")
    }

    @Test func noLimitsMeansNoAnalysis() async throws {
        let engine = GraphQLEngine(schema: try Schema.build(sdl: limitsSDL), resolvers: CountingResolvers(), root: .object(JSONObject()),
                                   validationOptions: .specifiedRulesOnly)
        let response = await engine.execute(GraphQLRequest(query: nested(40)), context: ())
        #expect(!response.isRequestError)
    }

    @Test func manyKeysDecodeInLinearTimeAndTooManyAreRefused() throws {
        func object(_ count: Int) -> String {
            "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        }
        let value = try JSONParser.parse(object(50_000), maxKeysPerObject: 100_000)
        #expect(value["k49999"] == .int(49_999) && value["k0"] == .int(0))
        do {
            _ = try JSONParser.parse(object(10_001))
            Issue.record("an object beyond the default key cap was accepted")
        } catch {
            #expect(error.exceedsLimit)
        }
        var removed = JSONObject((0..<40).map { ("k\($0)", JSONValue.int($0)) })
        removed["k3"] = nil
        #expect(removed["k39"] == .int(39) && removed["k3"] == nil && removed.count == 39 && removed.keys[3] == "k4")
    }
}
