// The namespaces every project of the repository uses (the library, the CLI, the notebook
// extension and the tests): linked into each project by Directory.Build.props, so that a
// file names only what is particular to it. A project's own additions are in its GlobalUsings.cs
// (FewShotLearn.Plots is one: its Table would clash with the CLI's Spectre.Console.Table).
global using System.Globalization;
global using System.Text;
global using TorchSharp;
global using static TorchSharp.torch;
global using FewShotLearn.Data;
global using FewShotLearn.Evaluation;
global using FewShotLearn.FewShot;
global using FewShotLearn.Graphs;
global using FewShotLearn.Meta;
global using FewShotLearn.MetricLearning;
global using FewShotLearn.MetricLearning.Distances;
global using FewShotLearn.MetricLearning.Losses;
global using FewShotLearn.MetricLearning.Miners;
global using FewShotLearn.Models;
global using FewShotLearn.Notebooks;
global using FewShotLearn.Retrieval;
global using FewShotLearn.Runtime;
global using FewShotLearn.Runtime.Native;
global using FewShotLearn.Sampling;
global using FewShotLearn.Training;
global using FewShotLearn.Transfer;
global using FewShotLearn.Vision;
