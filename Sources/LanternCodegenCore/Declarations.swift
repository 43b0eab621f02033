/// The typed model between the schema and the Swift text: what will be declared, with every
/// Swift spelling (types, conversions) already decided by `Translator`, so `Renderer` only lays
/// out text.
struct GeneratedFile {
    var header: String
    var imports: [String]
    var access: String
    var context: String
    var sdl: String
    var declarations: [Declaration]
    var dispatch: Dispatch
}

enum Declaration {
    case model(Model)
    case boundRequirements(Model)
    case enumeration(Enumeration)
    /// A GraphQL enum bound to an existing Swift enum: only the mapping namespace is generated.
    case boundEnum(Enumeration, mapping: String)
    case input(InputStruct)
    case oneOf(OneOfInput)
    case abstract(Abstract)
    case arguments(InputStruct)
    case resolvers(ResolverProtocol)
}

/// Documentation carried onto a declaration.
struct Documentation {
    var description: String?
    var deprecation: String?
    /// Where the definition is in the SDL (`incidents.graphql:42`).
    var location: String?
}

/// A stored property: of a model (read by dispatch) or of an input (decoded from JSON).
struct Property {
    var name: String
    var graphQLName: String
    var swiftType: String
    var documentation: Documentation
    /// Input properties: the expression decoding it from `object`.
    var decode: String = ""
    /// Model properties: the expression turning `parent.<name>` into a value.
    var encode: String = ""
    /// Kept out of line because the struct would otherwise contain itself.
    var boxed: Bool = false
}

struct Model {
    var graphQLName: String
    var swiftName: String
    var documentation: Documentation
    var properties: [Property]
}

struct Enumeration {
    var swiftName: String
    var graphQLName: String
    var documentation: Documentation
    var cases: [(name: String, graphQLName: String, documentation: Documentation)]
}

struct InputStruct {
    var swiftName: String
    var graphQLName: String
    var documentation: Documentation
    var properties: [Property]
    /// Arguments decode from the field's argument object, inputs from a JSON value.
    var isArguments: Bool
}

struct OneOfInput {
    var swiftName: String
    var graphQLName: String
    var documentation: Documentation
    var cases: [(name: String, graphQLName: String, swiftType: String, decode: String)]
}

struct Abstract {
    var swiftName: String
    var documentation: Documentation
    var members: [(caseName: String, swiftType: String, graphQLName: String)]
}

struct ResolverProtocol {
    var swiftName: String
    var graphQLName: String
    var methods: [ResolverMethod]
}

struct ResolverMethod {
    enum Kind { case root, parent, batched, subscription }
    var kind: Kind
    var name: String
    var graphQLName: String
    var parentType: String
    var argumentsType: String?
    var returnType: String
    var documentation: Documentation
}

/// Per-field dispatch, by object type (value case) and field index.
struct Dispatch {
    struct Field {
        var index: Int
        var graphQLName: String
        /// The statements returning a `Resolution` for this field (`parent`, `arguments`, `info`,
        /// `context` and `implementation` are in scope).
        var body: String
    }

    struct ObjectCase {
        var caseName: String
        var graphQLName: String
        var swiftType: String
        var fields: [Field]
    }

    /// An interface or union: which value cases are its possible types.
    struct AbstractCase {
        var graphQLName: String
        var members: [(caseName: String, graphQLName: String)]
    }

    var valueCases: [(caseName: String, swiftType: String)]
    var objects: [ObjectCase]
    var abstracts: [AbstractCase]
    var query: [Field]
    var mutation: [Field]
    var subscription: [Field]
    var subscriptionStreams: [Field]
    var hasQuery: Bool
    var hasMutation: Bool
    var hasSubscription: Bool
}
