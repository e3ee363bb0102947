"""Helper modules for Scripts/bench (Python 3.11 standard library only): inotify and syncfs through
ctypes, /proc readings, statistics and formatting. Not meant to be run on their own."""
