namespace FewShotLearn.Transfer;

/// <summary>Batch data augmentation on the device: a random shift and rotation per image (affine grid sampling).</summary>
public static class ImageAugment
{
    /// <summary>
    /// Shifts every image by up to <paramref name="maxShift"/> of its size and rotates it by up to
    /// <paramref name="maxDegrees"/>; empty borders are zero.
    /// </summary>
    public static Tensor RandomAffine(Tensor images, double maxShift = 0.1, double maxDegrees = 10, Generator? generator = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"Expected images [N, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        var n = images.shape[0];
        using var scope = NewDisposeScope();
        var r = rand(new long[] { n, 3 }, generator: generator, device: images.device) * 2 - 1;
        var angle = r[.., 0] * (maxDegrees * Math.PI / 180);
        var (cos, sin) = (angle.cos(), angle.sin());
        var tx = r[.., 1] * (2 * maxShift);
        var ty = r[.., 2] * (2 * maxShift);
        var theta = stack(new[] { cos, -sin, tx, sin, cos, ty }, 1).reshape(n, 2, 3).to(images.dtype);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, align_corners: false).MoveToOuterDisposeScope();
    }
}
