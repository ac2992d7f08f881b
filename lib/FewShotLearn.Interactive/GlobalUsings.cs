// This project's imports on top of the repository's shared list (GlobalUsings.cs at the root).
global using FewShotLearn.Plots;
