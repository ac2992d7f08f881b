// The CLI's own imports, on top of the repository's shared list (../../GlobalUsings.cs):
// the command-line parser and the console renderer every command uses.
global using System.CommandLine;
global using Spectre.Console;
