namespace FewShotLearn.Training;

/// <summary>One gradient, computed two ways.</summary>
public sealed record GradientCheck(string Variable, double Autograd, double ChainRule, string Derivation)
{
    /// <summary>True when both agree within 1e-5 (relative).</summary>
    public bool Agrees => Math.Abs(Autograd - ChainRule) <= 1e-5 * Math.Max(1, Math.Abs(ChainRule));
}

/// <summary>
/// The computational graph f = (x*y + z)^2, split into nodes u = x*y, v = u + z, f = v^2, and backpropagation by hand:
/// df/dv = 2v, df/du = df/dv * 1, df/dx = df/du * y, df/dy = df/du * x, df/dz = df/dv * 1. Compared with torch autograd.
/// </summary>
public static class ChainRuleDemo
{
    /// <summary>The forward values (u, v, f) and both sets of gradients at (x, y, z).</summary>
    public static (double U, double V, double F, IReadOnlyList<GradientCheck> Gradients) Run(double x, double y, double z, Device? device = null)
    {
        device ??= Devices.Default;
        using var scope = NewDisposeScope();
        var tx = tensor(x, dtype: float64, device: device).requires_grad_();
        var ty = tensor(y, dtype: float64, device: device).requires_grad_();
        var tz = tensor(z, dtype: float64, device: device).requires_grad_();
        var u = tx * ty;
        var v = u + tz;
        var f = v.pow(2);
        f.backward();
        double uv = x * y, vv = uv + z, ff = vv * vv;
        double dfdv = 2 * vv, dfdu = dfdv * 1;
        var grads = new[]
        {
            new GradientCheck("x", tx.grad!.item<double>(), dfdu * y, $"df/dx = 2v * y = 2*{vv}*{y}"),
            new GradientCheck("y", ty.grad!.item<double>(), dfdu * x, $"df/dy = 2v * x = 2*{vv}*{x}"),
            new GradientCheck("z", tz.grad!.item<double>(), dfdv * 1, $"df/dz = 2v * 1 = 2*{vv}"),
        };
        return (u.item<double>(), v.item<double>(), f.item<double>(), grads);
    }
}
