@_exported import LanternLanguage
@_exported import LanternSchema
