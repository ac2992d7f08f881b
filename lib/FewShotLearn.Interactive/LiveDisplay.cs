using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace FewShotLearn.Interactive;

/// <summary>
/// One notebook output that is shown once and then redrawn in place, at most every <paramref name="minSeconds"/>
/// seconds unless forced; outside a notebook (no kernel context) it shows nothing. The live charts build on it.
/// Each frame carries a <see cref="LiveOutput"/> marker: hosts that record every redraw as a new output
/// (dotnet-repl) are reduced to the last frame by the notebook runner, as Jupyter keeps only the last.
/// </summary>
public sealed class LiveDisplay(double minSeconds = 1.0)
{
    readonly string id = Guid.NewGuid().ToString("N")[..12];
    DisplayedValue? display;
    readonly Stopwatch sinceUpdate = new();

    /// <summary>How many times the output was redrawn.</summary>
    public int Updates { get; private set; }

    /// <summary>True once something has been shown.</summary>
    public bool Shown => display != null;

    /// <summary>Shows <paramref name="value"/> as a new output of the running cell.</summary>
    public void Show(object value)
    {
        display = KernelInvocationContext.Current is { } ctx ? ctx.Display(Frame(value), HtmlFormatter.MimeType) : null;
        sinceUpdate.Restart();
    }

    /// <summary>Redraws with the value <paramref name="make"/> builds, when the interval has passed or <paramref name="force"/> is set.</summary>
    public void Update(Func<object> make, bool force = false)
    {
        if (!force && sinceUpdate.Elapsed.TotalSeconds < minSeconds) return;
        display?.Update(Frame(make()));
        Updates++;
        sinceUpdate.Restart();
    }

    HtmlView Frame(object value) => new(LiveOutput.Frame(id, value.ToDisplayString(HtmlFormatter.MimeType)));
}
