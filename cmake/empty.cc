// Compiled into a stage library that has no source file of its own yet.
