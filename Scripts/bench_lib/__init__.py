"""Helper modules for Scripts/bench (Python 3.11 standard library only): inotify and syncfs through
ctypes, /proc readings, statistics and formatting, fresh file systems, the trickle's `changes
--follow` consumer and the read side's timed commands. Not meant to be run on their own."""
