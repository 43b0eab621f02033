SCHEMA = '''
interface Being { name(surname: Boolean): String }
interface Pet implements Being { name(surname: Boolean): String }
interface Canine implements Being { name(surname: Boolean): String }
enum DogCommand { SIT HEEL DOWN }
type Dog implements Being & Pet & Canine {
  name(surname: Boolean): String
  nickname: String
  barkVolume: Int
  barks: Boolean
  doesKnowCommand(dogCommand: DogCommand): Boolean
  isHouseTrained(atOtherHomes: Boolean = true): Boolean
  isAtLocation(x: Int, y: Int): Boolean
  mother: Dog
  father: Dog
}
type Cat implements Being & Pet {
  name(surname: Boolean): String
  nickname: String
  meows: Boolean
  meowsVolume: Int
  furColor: FurColor
}
union CatOrDog = Cat | Dog
type Human implements Being {
  name(surname: Boolean): String
  pets: [Pet]
  relatives: [Human!]!
  iq: Int
}
enum FurColor { BROWN BLACK TAN SPOTTED NO_FUR UNKNOWN }
input ComplexInput {
  requiredField: Boolean!
  nonNullField: Boolean! = false
  intField: Int
  stringField: String
  booleanField: Boolean
  stringListField: [String]
}
type ComplicatedArgs {
  intArgField(intArg: Int): String
  nonNullIntArgField(nonNullIntArg: Int!): String
  stringArgField(stringArg: String): String
  booleanArgField(booleanArg: Boolean): String
  enumArgField(enumArg: FurColor): String
  floatArgField(floatArg: Float): String
  idArgField(idArg: ID): String
  stringListArgField(stringListArg: [String]): String
  stringListNonNullArgField(stringListNonNullArg: [String!]): String
  complexArgField(complexArg: ComplexInput): String
  multipleReqs(req1: Int!, req2: Int!): String
  nonNullFieldWithDefault(arg: Int! = 0): String
  multipleOpts(opt1: Int = 0, opt2: Int = 0): String
  multipleOptAndReq(req1: Int!, req2: Int!, opt1: Int = 0, opt2: Int = 0): String
}
type QueryRoot {
  human(id: ID): Human
  dog: Dog
  cat: Cat
  pet: Pet
  catOrDog: CatOrDog
  complicatedArgs: ComplicatedArgs
}
type MutationRoot { createDog(name: String): Dog }
type SubscriptionRoot { newDog: Dog  newCat: Cat }
schema { query: QueryRoot mutation: MutationRoot subscription: SubscriptionRoot }
directive @onField on FIELD
directive @onQuery on QUERY
directive @repeatableOnField repeatable on FIELD
directive @withArg(arg: Int!, opt: String) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
'''

DOCS = [
    # ExecutableDefinitions
    "query Foo { dog { name } } type Cow { name: String } extend type Dog { color: String }",
    "schema { query: QueryRoot } query Foo { dog { name } }",
    # UniqueOperationNames / LoneAnonymous
    "query Foo { dog { name } } query Foo { cat { name } }",
    "query Foo { dog { name } } mutation Foo { createDog { name } }",
    "{ dog { name } } { cat { name } }",
    "{ dog { name } } query Foo { cat { name } }",
    # SingleFieldSubscriptions
    "subscription Sub { newDog { name } newCat { name } }",
    "subscription { newDog { name } __typename }",
    "subscription Sub { ...F } fragment F on SubscriptionRoot { newDog { name } newCat { name } }",
    "subscription Sub { newDog { name } newDog { nickname } }",
    # KnownTypeNames / FragmentsOnCompositeTypes / VariablesAreInputTypes
    "query Foo($var: JumbledUpLetters) { dog { name, ... on Badger { name } ...Frag } } fragment Frag on Peat { name }",
    "{ dog { ... on Boolean { name } } }",
    "fragment scalarFragment on Boolean { bad } { dog { ...scalarFragment } }",
    "query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog { name } }",
    # ScalarLeafs / FieldsOnCorrectType
    "{ dog { name { first } barkVolume } human }",
    "{ dog { unknownField { deeper } meowVolume } catOrDog { name } }",
    "{ catOrDog { __typename ... on Dog { name } } pet { __typename name } }",
    "{ dog { __schema { types { name } } } __type(name: \"Dog\") { name } }",
    # UniqueFragmentNames / KnownFragmentNames / NoUnusedFragments
    "{ dog { ...fragA } } fragment fragA on Dog { name } fragment fragA on Dog { barks }",
    "{ dog { ...UnknownFragment1 ... on Dog { ...UnknownFragment2 } } }",
    "query Foo { human(id: 4) { ...HumanFields1 } } fragment HumanFields1 on Human { name } fragment Unused1 on Human { name } fragment Unused2 on Human { ...Unused1 }",
    # PossibleFragmentSpreads
    "fragment invalidObjectWithinObject on Cat { ...dogFragment } fragment dogFragment on Dog { barkVolume } { cat { ...invalidObjectWithinObject } }",
    "{ dog { ... on Cat { meows } } catOrDog { ... on Human { name } } pet { ... on Human { iq } ...humanFrag } } fragment humanFrag on Human { iq }",
    "{ pet { ... on CatOrDog { __typename } ... on Canine { name } } catOrDog { ... on Pet { name } ... on Being { name } } }",
    # NoFragmentCycles
    "{ dog { ...fragA } } fragment fragA on Dog { ...fragB } fragment fragB on Dog { ...fragA }",
    "{ dog { ...fragA } } fragment fragA on Dog { ...fragA }",
    "{ dog { ...fragA } } fragment fragA on Dog { ...fragB, ...fragC } fragment fragB on Dog { ...fragA, ...fragC } fragment fragC on Dog { ...fragA, ...fragB }",
    "{ dog { ...fragA } } fragment fragA on Dog { mother { ...fragB } } fragment fragB on Dog { father { ...fragC } } fragment fragC on Dog { ...fragA ...fragX } fragment fragX on Dog { ...fragA }",
    # UniqueVariableNames / NoUndefined / NoUnused
    "query A($x: Int, $x: Int, $x: String) { dog { name } } query B($x: String, $x: Int) { dog { name } }",
    "query Foo($a: String) { dog { isAtLocation(x: $a, y: $b) } }",
    "query Foo { dog { ...F } } query Bar($x: Int) { dog { ...F } } fragment F on Dog { isAtLocation(x: $x, y: $y) }",
    "query { complicatedArgs { intArgField(intArg: $undef) } }",
    "query Foo($a: Int, $b: Int, $c: Int) { dog { isAtLocation(x: $a) } }",
    "query Foo($a: Int) { dog { ...F } } fragment F on Dog { isAtLocation(x: $a) }",
    # KnownDirectives / UniqueDirectivesPerLocation
    "{ dog @unknown(directive: \"value\") { name @onField } }",
    "query Foo @onField { dog @onQuery { name @include(if: true) @skip(if: false) } }",
    "{ dog { name @onField @onField @repeatableOnField @repeatableOnField } }",
    "query Foo($v: Int @onField) @onQuery @onQuery { dog @skip(if: true) @skip(if: false) { name } }",
    "fragment F on Dog @onField { name } { dog { ...F @onQuery ... @onQuery { name } } }",
    # KnownArgumentNames / UniqueArgumentNames
    "{ dog { doesKnowCommand(dogcommand: SIT, unknown: true) name(surname: true) @skip(iff: true, if: false) } }",
    "{ dog { isAtLocation(x: 1, x: 2, y: 3, y: 4, x: 5) } }",
    "{ dog { name @withArg(arg: 1, arg: 2) } }",
    # ValuesOfCorrectType
    "{ complicatedArgs { intArgField(intArg: \"3\") stringArgField(stringArg: 1) booleanArgField(booleanArg: 1.0) } }",
    "{ complicatedArgs { intArgField(intArg: 3.0) floatArgField(floatArg: \"x\") idArgField(idArg: 1.5) enumArgField(enumArg: \"BROWN\") } }",
    "{ complicatedArgs { intArgField(intArg: 2147483648) a: intArgField(intArg: -2147483649) b: intArgField(intArg: 2147483647) } }",
    "{ complicatedArgs { enumArgField(enumArg: brown) b: enumArgField(enumArg: true) c: enumArgField(enumArg: NOPE) } }",
    "{ complicatedArgs { stringListArgField(stringListArg: [\"a\", 1, null]) b: stringListArgField(stringListArg: 1) } }",
    "{ complicatedArgs { complexArgField(complexArg: { intField: 4 }) b: complexArgField(complexArg: { requiredField: true, unknownField: 1, nonNullField: null }) } }",
    "{ complicatedArgs { complexArgField(complexArg: { requiredField: true, stringListField: [1, \"a\"] }) b: complexArgField(complexArg: [{ requiredField: 1 }]) c: complexArgField(complexArg: \"x\") } }",
    "{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) multipleReqs(req1: null, req2: 1) } }",
    "query Foo($a: Int = \"one\", $b: String = 4, $c: ComplexInput = { requiredField: true, intField: \"x\" }) { dog { name } }",
    "{ dog { isHouseTrained(atOtherHomes: [true]) name @include(if: \"yes\") } }",
    # ProvidedRequiredArguments
    "{ complicatedArgs { multipleReqs(req1: 1) b: multipleReqs nonNullFieldWithDefault multipleOptAndReq(req1: 1, req2: 2) } }",
    "{ dog { name @include @skip(unless: true) @withArg } }",
    # VariablesInAllowedPosition
    "query Q($intArg: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } }",
    "query Q($intArg: Int = 1) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } }",
    "query Q($intArg: Int = null) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } }",
    "query Q($a: String, $b: [String], $c: Boolean) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: $b) stringListArgField(stringListArg: [$a]) intArgField(intArg: $a) } dog @include(if: $c) { name } }",
    "query Q($a: Int) { complicatedArgs { nonNullFieldWithDefault(arg: $a) } }",
    "query Q($a: Int, $b: String) { dog { ...F } } fragment F on Dog { isAtLocation(x: $a, y: $b) }",
    "query Q($b: Boolean) { complicatedArgs { complexArgField(complexArg: { requiredField: $b }) b: complexArgField(complexArg: { requiredField: true, nonNullField: $b }) } }",
    "query Q($a: [String!]) { complicatedArgs { stringListArgField(stringListArg: $a) } }",
    "query Q($a: ComplexInput!) { complicatedArgs { complexArgField(complexArg: $a) intArgField(intArg: $a) } }",
    # OverlappingFieldsCanBeMerged
    "{ dog { name: nickname name } }",
    "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) a: doesKnowCommand b: doesKnowCommand(dogCommand: SIT) b: doesKnowCommand } }",
    "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: barks }",
    "{ catOrDog { ... on Dog { someValue: name } ... on Cat { someValue: meows } } }",
    "{ pet { ... on Dog { v: barkVolume } ... on Cat { v: nickname } } }",
    "{ dog { x: mother { name } x: father { name } } dog { mother { name: barks } } }",
    "{ dog { mother { x: name } } dog { mother { x: nickname } } }",
    "{ field: dog { name } field: cat { name } }",
    "{ dog { name } ...F } fragment F on QueryRoot { dog { name: nickname } }",
    "{ a: dog { name } ...F ...G } fragment F on QueryRoot { a: cat { name } } fragment G on QueryRoot { a: pet { name } }",
    "{ dog { ...X } } fragment X on Dog { name ...Y } fragment Y on Dog { name: barks ...X }",
    "{ dog { isAtLocation(x: 1, y: 2) isAtLocation(y: 2, x: 1) a: isAtLocation(x: 1) a: isAtLocation(x: 1, y: 2) } }",
    "{ human { relatives { name } relatives { iq: name } } }",
    "{ catOrDog { ... on Cat { furColor } ... on Dog { furColor: barkVolume } } }",
    "query Q($a: Int, $b: Int) { dog { isAtLocation(x: $a) isAtLocation(x: $b) } }",
    # directives & misc valid
    "query Q($skip: Boolean!) { dog { name @skip(if: $skip) ... @include(if: true) { barks } } }",
    "{ __typename dog { __typename } __schema { queryType { name } } __type(name: \"Dog\") { fields { name } } }",
    "mutation { createDog(name: \"x\") { name } }",
    "subscription { newDog { name } }",
]

CASES = [{"name": f"validate-{i}", "cmd": "validate", "schema": SCHEMA, "document": d} for i, d in enumerate(DOCS)]
