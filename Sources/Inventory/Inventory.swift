// Inventory: reads INI host files the way Python's configparser reads them, in both
// layouts (a directory of GROUP.ini files, or one file whose hosts name their groups),
// and resolves each host's connection settings.
