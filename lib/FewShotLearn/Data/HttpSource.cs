namespace FewShotLearn.Data;

/// <summary>Downloads a data set's IDX files over HTTP(S) from a base URL (the data set's usual mirror), with short timeouts.</summary>
public sealed class HttpSource : IDataSource
{
    private readonly string _dataSet;

    /// <summary>A source for <paramref name="dataSet"/> at <paramref name="baseUrl"/> (file names are appended).</summary>
    public HttpSource(string dataSet, string baseUrl, bool allowsUnlistedContent = false)
    {
        _dataSet = dataSet;
        BaseUrl = baseUrl.TrimEnd('/') + "/";
        AllowsUnlistedContent = allowsUnlistedContent;
    }

    /// <summary>The URL the file names are appended to.</summary>
    public string BaseUrl { get; }

    /// <summary>Time allowed to connect to the server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for each file.</summary>
    public TimeSpan FileTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public string Description => $"download from {BaseUrl}";

    /// <inheritdoc />
    public bool AllowsUnlistedContent { get; }

    /// <inheritdoc />
    public bool Supports(DataSetInfo info) => string.Equals(info.Name, _dataSet, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        using var client = new HttpClient(handler) { Timeout = FileTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("FewShotLearn-data-fetch/1.0");
        foreach (var f in info.Files)
        {
            var url = BaseUrl + f;
            try
            {
                using var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                using var body = response.Content.ReadAsStream(cancellation);
                using var file = File.Create(Path.Combine(stagingDirectory, f));
                body.CopyTo(file);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                var why = e is TaskCanceledException && !cancellation.IsCancellationRequested ? "timed out" : e.Message;
                throw new InvalidOperationException($"GET {url}: {why}", e);
            }
        }
    }
}
