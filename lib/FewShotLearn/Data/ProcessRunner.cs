using System.ComponentModel;
using System.Diagnostics;

namespace FewShotLearn.Data;

/// <summary>Runs an external tool (apt-get, dpkg-deb, npm) and turns every failure into a message that says why.</summary>
internal static class ProcessRunner
{
    public static string Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var commandLine = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"`{commandLine}` did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"`{fileName}` is not installed or not on PATH ({e.Message}).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeoutSource.CancelAfter(timeout);
            try
            {
                process.WaitForExitAsync(timeoutSource.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                cancellation.ThrowIfCancellationRequested();
                throw new TimeoutException($"`{commandLine}` did not finish within {timeout.TotalSeconds:F0} s.");
            }
            var output = stdout.GetAwaiter().GetResult();
            var error = stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                var detail = string.Join(" ", (error + "\n" + output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(4));
                throw new InvalidOperationException($"`{commandLine}` failed with exit code {process.ExitCode}: {detail}");
            }
            return output;
        }
    }
}
