using System.Diagnostics;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>Every notebook of the repository is in the project's format (nbformat 4.5, unique cell ids) and valid nbformat.</summary>
public class NotebookFormatTests
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");

    [Theory]
    [MemberData(nameof(TestNotebooks.InRepository), MemberType = typeof(TestNotebooks))]
    public void NotebookIsNormalized(string notebook)
    {
        var path = Path.Combine(Repo, "notebooks", notebook);
        Assert.Empty(NotebookDocument.FormatProblems(path));
        var doc = NotebookDocument.Load(path);
        Assert.Equal(0, doc.Normalize());
        Assert.True(doc.ToJson() == File.ReadAllText(path),
            $"{notebook} is not normalized: run `dotnet run --project lib/FewShotLearn.Cli -- notebooks normalize`");
    }

    [Theory]
    [MemberData(nameof(TestNotebooks.InRepository), MemberType = typeof(TestNotebooks))]
    public void NotebookPassesJupytersOwnValidator(string notebook)
    {
        // nbformat (Debian's python3-nbformat, which jupyter-nbconvert brings) is the schema Jupyter itself checks.
        var python = new[] { "/usr/bin/python3" }.FirstOrDefault(File.Exists);
        if (python == null) return;
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid', nb.nbformat, nb.nbformat_minor)", Path.Combine(Repo, "notebooks", notebook) })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (output.Contains("No module named 'nbformat'"))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI=true but python3-nbformat is missing (apt-get install jupyter-nbconvert)");
            return;
        }
        Assert.True(p.ExitCode == 0, output);
        Assert.Contains("valid 4 5", output);
        Assert.DoesNotContain("MissingIDFieldWarning", output);
    }
}
