@_exported import LanternSchema
