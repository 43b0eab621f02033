SCHEMA = '''
type Query {
  a: String b: Int! c: [Int] d: [Int!] e: [Int!]! f: Obj g: Obj! h: [Obj!] i: Float j: ID k: Boolean
  pet: Pet pets: [Pet] u: U color: Color colors: [Color] any: JSON
  arg(x: Int!, y: String = "d", z: [Int], w: In): String
  echo(v: In): String
}
type Obj { x: Int! y: String z: Obj list: [Obj!]! }
interface Pet { name: String }
type Dog implements Pet { name: String barks: Boolean }
type Cat implements Pet { name: String meows: Boolean }
union U = Dog | Cat
enum Color { RED GREEN }
scalar JSON
input In { a: Int! b: String = "x" c: [Int!] d: Color }
type Mutation { m: Int }
'''

def case(name, doc, root=None, variables=None, operation=None):
    c = {"name": name, "cmd": "exec", "schema": SCHEMA, "document": doc, "root": root if root is not None else {}}
    if variables is not None: c["variables"] = variables
    if operation is not None: c["operation"] = operation
    return c

CASES = [
    case("scalars", "{ a b i j k }", {"a": "s", "b": 1, "i": 1.5, "j": 7, "k": True}),
    dict(case("leniency", "{ a b i j k }", {"a": 2.0, "b": "42", "i": "3.5", "j": "x", "k": 3}), spec="JS String(2.0) is 2"),
    case("leniency2", "{ a k i }", {"a": True, "k": 0, "i": False}),
    case("bad-int", "{ b }", {"b": 1.5}),
    case("big-int", "{ b }", {"b": 3000000000}),
    case("bad-string", "{ a }", {"a": {"x": 1}}),
    case("null-nonnull", "{ a b }", {"a": "x"}),
    case("null-propagation-object", "{ f { x y } g { x } }", {"f": {"y": "k"}, "g": {"y": "k"}}),
    case("list-nonnull-items", "{ c d e }", {"c": [1, None, 2], "d": [1, None, 3, None], "e": [1, None]}),
    case("list-not-iterable", "{ c }", {"c": 5}),
    case("nested-propagation", "{ f { z { z { x } } list { x } } }", {"f": {"z": {"z": {}}, "list": [{"x": 1}, {}, {}]}}),
    case("h-list", "{ h { x } }", {"h": [{"x": 1}, {"x": None}]}),
    case("alias-paths", "{ one: f { x } two: f { y } }", {"f": {"y": "q"}}),
    case("abstract", "{ pet { __typename name ... on Dog { barks } ... on Cat { meows } } pets { name } u { ... on Cat { meows } } }",
         {"pet": {"__typename": "Dog", "name": "d", "barks": True}, "pets": [{"__typename": "Cat", "name": "c"}, {"name": "x"}],
          "u": {"__typename": "Cat", "meows": False}}),
    case("abstract-errors", "{ a: pet { name } b: pet { name } c: pet { name } d: u { __typename } }",
         {"pet": {"__typename": "Nope"}, "u": {"__typename": "Query"}}),
    case("abstract-not-possible", "{ u { __typename } pet { name } }", {"u": {"__typename": "Obj"}, "pet": {"__typename": "Query"}}),
    case("enums", "{ color colors }", {"color": "RED", "colors": ["GREEN", "BLUE", None]}),
    case("custom-scalar", "{ any }", {"any": {"deep": [1, {"x": None}], "s": "t"}}),
    case("typename", "{ __typename f { __typename } }", {"f": {}}),
    case("non-object-parent", "{ f { x y } }", {"f": "string"}),
    case("duplicate-fields-locations", "{ b b }", {}),
    case("fragment-merge", "{ f { x } ...F } fragment F on Query { f { y } }", {"f": {"x": 1, "y": "a"}}),
    case("skip-include", "query($s: Boolean!, $i: Boolean = false) { a @skip(if: $s) b @include(if: $i) k @skip(if: false) @include(if: true) }",
         {"a": "x", "b": 1, "k": True}, {"s": True}),
    case("var-missing", "query($x: Int!) { arg(x: $x) }", {}, {}),
    case("var-null", "query($x: Int!) { arg(x: $x) }", {}, {"x": None}),
    case("var-bad-types", "query($x: Int!, $s: String, $b: Boolean, $f: Float, $id: ID) { arg(x: $x) a @include(if: $b) i j echo(v: {a: 1, b: $s}) k: arg(x: 1, z: [$x]) f: arg(x: 1, w: {a: 1, b: $s}) ff: arg(x: 1, y: $s) g: arg(x: 1, z: [1], w: {a: 1, c: [$x]}) h: echo(v: {a: $x}) }", {},
         {"x": "1", "s": 2, "b": "true", "f": "1.5", "id": 1.5, "f2": 1}),
    case("var-int-float", "query($x: Int!) { arg(x: $x) }", {"arg": "ok"}, {"x": 1.0}),
    case("var-int-range", "query($x: Int!) { arg(x: $x) }", {}, {"x": 2147483648}),
    case("var-input", "query($v: In) { echo(v: $v) }", {"echo": "ok"}, {"v": {"b": 1, "c": [1, None, "x"], "e": 5, "d": "BLUE"}}),
    case("var-list-wrap", "query($z: [Int]) { arg(x: 1, z: $z) }", {"arg": "ok"}, {"z": 5}),
    case("var-nested-null", "query($v: In) { echo(v: $v) }", {}, {"v": {"a": None}}),
    case("var-enum", "query($c: Color) { arg(x: 1, w: {a: 1, d: $c}) }", {"arg": "r"}, {"c": "RED"}),
    case("var-enum-bad", "query($c: Color, $d: Color) { arg(x: 1, w: {a: 1, d: $c}) a: arg(x: 1, w: {a: 1, d: $d}) }", {}, {"c": 1, "d": "BLUE"}),
    case("arg-runtime-null", "query($x: Int = 1) { arg(x: $x) }", {"arg": "x"}, {"x": None}),
    case("operation-name", "query A { a } query B { b }", {"a": "x", "b": 2}, None, "B"),
    case("operation-missing", "query A { a } query B { b }", {"a": "x"}),
    case("operation-unknown", "query A { a }", {"a": "x"}, None, "C"),
    case("mutation", "mutation { m }", {"m": 5}),
    case("introspection-type", '{ __type(name: "Obj") { name kind fields { name type { kind name ofType { kind name ofType { name } } } } } t2: __type(name: "Nope") { name } }'),
    case("introspection-enum", '{ __type(name: "Color") { enumValues { name isDeprecated deprecationReason } inputFields { name } fields { name } possibleTypes { name } } }'),
    case("introspection-input", '{ __type(name: "In") { inputFields { name defaultValue type { name kind ofType { name } } } } }'),
    case("introspection-abstract", '{ __type(name: "Pet") { possibleTypes { name } interfaces { name } } u: __type(name: "U") { possibleTypes { name } } }'),
    case("introspection-args", '{ __type(name: "Query") { fields { name args { name defaultValue type { name } } } } }'),
    case("introspection-schema", '{ __schema { queryType { name } mutationType { name } subscriptionType { name } directives { name locations args { name defaultValue } } } }'),
    case("list-of-lists-error-path", "{ e d }", {"e": [1, 2, None], "d": [None]}),
    case("root-nonnull", "{ g { x } b }", {"g": None}),
    case("float-output", "{ i }", {"i": 2.0}),
    case("id-output", "{ j }", {"j": 12345678901}),
]
