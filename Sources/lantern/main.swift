print("lantern: a schema-first GraphQL server for Swift")
