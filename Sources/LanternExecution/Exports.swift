@_exported import LanternValidation
