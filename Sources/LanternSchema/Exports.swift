@_exported import LanternLanguage
