enum TestSchemaSDL {
    static let text = #"""
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
"""#
}
