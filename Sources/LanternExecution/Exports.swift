@_exported import LanternLanguage
@_exported import LanternSchema
@_exported import LanternValidation
