namespace FewShotLearn.Vision.Widgets;

/// <summary>
/// A feature-map viewer for the cell output: one slider picks the layer, another the channel, and the page shows that
/// map large (stretched to its own min..max, with the range written under it) next to every channel of the layer as
/// thumbnails (click one to select it). All maps are embedded as small PNGs, so nothing is re-run.
/// </summary>
public static class FeatureMapViewer
{
    /// <summary>A viewer over captured layers (<see cref="FeatureMaps.Capture"/>) of one input <paramref name="image"/>.</summary>
    public static HtmlView Create(IReadOnlyList<LayerActivation> layers, Tensor? image = null, string? title = null, int size = 196, int maxChannels = 128)
    {
        if (layers.Count == 0) throw new ArgumentException("FeatureMapViewer needs at least one captured layer.", nameof(layers));
        var id = WidgetHtml.NewId("feature-maps");
        var cfg = new
        {
            size,
            layers = layers.Select(l =>
            {
                int n = Math.Min(maxChannels, l.Channels);
                return new
                {
                    name = l.Name, type = l.Type, shape = string.Join("×", l.Output.shape),
                    maps = Enumerable.Range(0, n).Select(c => "data:image/png;base64," + Convert.ToBase64String(ImageIO.ToPng(l.Output[c].unsqueeze(0), normalize: true))).ToArray(),
                    ranges = Enumerable.Range(0, n).Select(c => new[] { Math.Round(l.Output[c].min().item<float>(), 4), Math.Round(l.Output[c].max().item<float>(), 4) }).ToArray(),
                    shown = n,
                };
            }).ToArray(),
        };
        var sb = new StringBuilder($"<div id=\"{id}\" class=\"fsl-feature-maps\" style=\"font:13px sans-serif;border:1px solid #ccc;padding:8px\">");
        sb.Append($"<div style=\"font-weight:bold;margin-bottom:4px\">{System.Net.WebUtility.HtmlEncode(title ?? "Feature-map viewer")} (sliders pick the layer and the channel, in the page)</div>");
        sb.Append("<div>layer <input class=\"fsl-layer\" type=\"range\" min=\"0\" style=\"width:260px;vertical-align:middle\"/> <span class=\"fsl-layer-name\" style=\"font-family:monospace\"></span></div>");
        sb.Append("<div>channel <input class=\"fsl-channel\" type=\"range\" min=\"0\" style=\"width:260px;vertical-align:middle\"/> <span class=\"fsl-channel-name\" style=\"font-family:monospace\"></span></div>");
        sb.Append("<div style=\"display:flex;gap:12px;align-items:flex-start;margin-top:6px\">");
        if (image is not null)
        {
            var input = image.dim() == 4 ? image[0] : image;
            sb.Append($"<figure style=\"margin:0;text-align:center\"><img style=\"image-rendering:pixelated;width:{size / 2}px\" src=\"data:image/png;base64,{Convert.ToBase64String(ImageIO.ToPng(input))}\"/><figcaption style=\"font-size:11px\">input</figcaption></figure>");
        }
        sb.Append($"<figure style=\"margin:0;text-align:center\"><img class=\"fsl-big\" style=\"image-rendering:pixelated;width:{size}px;height:{size}px;border:1px solid #999\"/><figcaption class=\"fsl-range\" style=\"font-size:11px\"></figcaption></figure>");
        sb.Append("<div class=\"fsl-thumbs\" style=\"display:flex;flex-wrap:wrap;gap:3px;max-width:560px\"></div></div></div>");
        sb.Append("<script>(function(){").Append($"var cfg={WidgetHtml.Json(cfg)};var root=document.getElementById('{id}');").Append(Script).Append("})();</script>");
        return new HtmlView(sb.ToString());
    }

    const string Script = """
var ls=root.querySelector('.fsl-layer'),cs=root.querySelector('.fsl-channel'),big=root.querySelector('.fsl-big'),thumbs=root.querySelector('.fsl-thumbs');
ls.max=cfg.layers.length-1;
function layer(){return cfg.layers[+ls.value];}
function showLayer(){var L=layer();cs.max=L.shown-1;if(+cs.value>L.shown-1)cs.value=0;thumbs.innerHTML='';
 L.maps.forEach(function(src,i){var t=document.createElement('img');t.src=src;t.title='channel '+i;t.style.cssText='width:40px;height:40px;image-rendering:pixelated;cursor:pointer;border:2px solid transparent';
 t.addEventListener('click',function(){cs.value=i;showChannel();});thumbs.appendChild(t);});
 root.querySelector('.fsl-layer-name').textContent=L.name+' ('+L.type+') output '+L.shape+(L.shown<+L.shape.split('×')[0]?' (first '+L.shown+' channels)':'');showChannel();}
function showChannel(){var L=layer(),i=+cs.value;big.src=L.maps[i];
 thumbs.childNodes.forEach(function(t,j){t.style.borderColor=j==i?'#d08000':'transparent';});
 root.querySelector('.fsl-channel-name').textContent=i+' of '+L.shown;
 root.querySelector('.fsl-range').textContent=L.name+' #'+i+': values '+L.ranges[i][0]+' .. '+L.ranges[i][1]+' (black = min, white = max)';root.dataset.shown=(+ls.value)+':'+i;}
ls.addEventListener('input',showLayer);cs.addEventListener('input',showChannel);
ls.value=0;cs.value=0;showLayer();
""";
}
