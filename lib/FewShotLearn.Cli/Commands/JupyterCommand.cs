namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot jupyter install</c>: installs the .NET kernels for Jupyter, their HTTP API on loopback only.</summary>
public static class JupyterCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Jupyter data folder to install kernels/ into (default: the output of 'jupyter --data-dir')." };
        var install = new Command("install", "Install the .NET kernels (the repository's pinned dotnet-interactive) for Jupyter, listening on loopback only.") { dataDir };
        install.SetAction(parse =>
        {
            var missing = parse.GetValue(dataDir) == null ? JupyterHost.Missing() : null;
            if (missing != null) throw new InvalidOperationException(missing);
            var repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("Run inside the FewShotLearn repository: the kernels use its pinned dotnet-interactive tool.");
            foreach (var file in JupyterHost.InstallKernels(repo, parse.GetValue(dataDir))) Console.WriteLine($"installed {file}");
            return 0;
        });
        return new Command("jupyter", "Jupyter as a notebook host.") { install };
    }
}
