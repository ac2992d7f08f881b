using System.Net;

namespace FewShotLearn.Vision.Widgets;

/// <summary>
/// A kernel editor for the cell output: a grid of number boxes holding a filter, preset buttons (every named kernel of
/// <see cref="Kernels"/>), and the image filtered by it, recomputed in the page (JavaScript, zero padding, the same
/// cross-correlation as torch's conv2d) the moment a number changes: no kernel round trip, so it works in VS Code,
/// in Jupyter and in the offline HTML page alike. Two display modes: clamped to [0, 1] like a photo (as the "image
/// kernels" explorer does), or signed on a diverging map (blue &lt; 0 &lt; red, full colour at the 99th percentile of |response|),
/// which shows what an edge detector really computes. The filtered canvas carries the class <c>fsl-kernel-output</c>
/// and every number box <c>fsl-kernel-cell</c> (data-row, data-col), for tests and for scripting.
/// </summary>
public static class KernelEditor
{
    /// <summary>The largest image side the editor embeds (larger images are rejected: resize on load, e.g. ImageIO.Load(..., width: 192)).</summary>
    public const int MaxSide = 512;

    /// <summary>An editor for <paramref name="image"/> ([C, H, W] or [1, C, H, W], 1 or 3 channels, values in [0, 1]) starting
    /// from <paramref name="initial"/> (default: edge detect), displayed at <paramref name="displaySize"/> px (longest side).
    /// <paramref name="signed"/> picks the initial display mode (default: signed when the kernel's weights sum to 0).</summary>
    public static HtmlView Create(Tensor image, Kernel? initial = null, string? imageName = null, int displaySize = 256, bool? signed = null,
        IReadOnlyList<Kernel>? presets = null)
    {
        var (b64, channels, h, w) = WidgetHtml.ImageBytes(image);
        if (h > MaxSide || w > MaxSide) throw new ArgumentException($"KernelEditor embeds images up to {MaxSide}x{MaxSide}; got {h}x{w}. Load it smaller (ImageIO.Load(path, width: 256)).", nameof(image));
        if (displaySize < 32 || displaySize > 1024) throw new ArgumentException($"displaySize must be 32..1024 px; got {displaySize}.", nameof(displaySize));
        initial ??= Kernels.EdgeDetect;
        presets ??= Kernels.All.Where(k => k.Height <= 7).ToList();
        bool startSigned = signed ?? IsZeroSum(initial);
        var id = WidgetHtml.NewId("kernel-editor");
        double scale = (double)displaySize / Math.Max(h, w);
        int dw = (int)Math.Round(w * scale), dh = (int)Math.Round(h * scale);
        var config = new
        {
            width = w, height = h, channels, pixels = b64,
            kernel = WidgetHtml.Rows(initial.Weights), name = initial.Name, signed = startSigned,
            presets = presets.Select(p => new { name = p.Name, description = p.Description, rows = WidgetHtml.Rows(p.Weights) }).ToArray(),
        };
        var sb = new StringBuilder();
        sb.Append($"<div id=\"{id}\" class=\"fsl-kernel-editor\" style=\"font:13px sans-serif;border:1px solid #ccc;padding:8px;display:inline-block\">");
        sb.Append($"<div style=\"font-weight:bold;margin-bottom:4px\">Kernel editor: change a number, the filtered image updates at once (in the page; no re-run){(imageName is null ? "" : " · image: " + WebUtility.HtmlEncode(imageName))}</div>");
        sb.Append("<div class=\"fsl-presets\" style=\"margin-bottom:6px\"></div>");
        sb.Append("<div style=\"display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap\">");
        sb.Append("<div><div class=\"fsl-grid\"></div>");
        sb.Append("<div style=\"margin-top:6px\"><label><input type=\"radio\" name=\"" + id + "-mode\" value=\"clamp\"/> clamp to [0, 1]</label><br/>");
        sb.Append("<label><input type=\"radio\" name=\"" + id + "-mode\" value=\"signed\"/> signed: <span style=\"color:rgb(33,102,172)\">blue &lt; 0</span> · white = 0 · <span style=\"color:rgb(178,24,43)\">red &gt; 0</span></label></div>");
        sb.Append("<div class=\"fsl-info\" style=\"font-size:11px;margin-top:6px;max-width:220px\"></div></div>");
        sb.Append($"<figure style=\"margin:0;text-align:center\"><canvas class=\"fsl-kernel-input\" width=\"{w}\" height=\"{h}\" style=\"width:{dw}px;height:{dh}px;image-rendering:pixelated\"></canvas><figcaption style=\"font-size:11px\">input</figcaption></figure>");
        sb.Append($"<figure style=\"margin:0;text-align:center\"><canvas class=\"fsl-kernel-output\" width=\"{w}\" height=\"{h}\" style=\"width:{dw}px;height:{dh}px;image-rendering:pixelated\"></canvas><figcaption class=\"fsl-caption\" style=\"font-size:11px\">filtered</figcaption></figure>");
        sb.Append("</div></div>");
        sb.Append("<script>(function(){").Append(WidgetHtml.DivergingJs);
        sb.Append($"var cfg={WidgetHtml.Json(config)};var root=document.getElementById('{id}');");
        sb.Append(Script);
        sb.Append("})();</script>");
        return new HtmlView(sb.ToString());
    }

    /// <summary>True when the weights sum to 0 (edge detectors, Sobel, outline): the response is signed around 0.</summary>
    public static bool IsZeroSum(Kernel kernel) => Math.Abs(kernel.Weights.Cast<double>().Sum()) < 1e-9;

    // The page-side logic: decode pixels, build the number grid, cross-correlate with zero padding, draw.
    const string Script = """
var W=cfg.width,H=cfg.height,C=cfg.channels,raw=atob(cfg.pixels),src=new Float32Array(W*H*C);
for(var i=0;i<src.length;i++)src[i]=raw.charCodeAt(i)/255;
var grid=root.querySelector('.fsl-grid'),info=root.querySelector('.fsl-info'),cap=root.querySelector('.fsl-caption');
var inCv=root.querySelector('.fsl-kernel-input'),outCv=root.querySelector('.fsl-kernel-output');
var modes=root.querySelectorAll('input[type=radio]');var kernel=cfg.kernel.map(function(r){return r.slice();});var signed=cfg.signed;
function draw(cv,fn){var ctx=cv.getContext('2d'),img=ctx.createImageData(W,H);for(var p=0;p<W*H;p++){var c=fn(p);img.data[4*p]=c[0];img.data[4*p+1]=c[1];img.data[4*p+2]=c[2];img.data[4*p+3]=255;}ctx.putImageData(img,0,0);}
draw(inCv,function(p){return C==1?[src[p]*255,src[p]*255,src[p]*255]:[src[3*p]*255,src[3*p+1]*255,src[3*p+2]*255];});
function buildGrid(){grid.innerHTML='';var k=kernel.length,kw=kernel[0].length;grid.style.display='grid';grid.style.gridTemplateColumns='repeat('+kw+',52px)';grid.style.gap='2px';
 for(var y=0;y<k;y++)for(var x=0;x<kw;x++){var e=document.createElement('input');e.type='number';e.step='any';e.value=kernel[y][x];e.className='fsl-kernel-cell';e.dataset.row=y;e.dataset.col=x;
 e.style.width='48px';e.style.height='28px';e.style.textAlign='center';e.addEventListener('input',onEdit);grid.appendChild(e);}}
function onEdit(ev){var e=ev.target,v=parseFloat(e.value);kernel[+e.dataset.row][+e.dataset.col]=isFinite(v)?v:0;e.style.background=isFinite(v)?'':'#fdd';update();}
function update(){var k=kernel.length,kw=kernel[0].length,oy=Math.floor(k/2),ox=Math.floor(kw/2),out=new Float32Array(W*H*C),sum=0,lo=Infinity,hi=-Infinity;
 for(var y=0;y<k;y++)for(var x=0;x<kw;x++)sum+=kernel[y][x];
 for(var c=0;c<C;c++)for(var py=0;py<H;py++)for(var px=0;px<W;px++){var s=0;for(var y=0;y<k;y++){var sy=py+y-oy;if(sy<0||sy>=H)continue;var row=kernel[y];
  for(var x=0;x<kw;x++){var sx=px+x-ox;if(sx<0||sx>=W)continue;s+=row[x]*src[(sy*W+sx)*C+c];}}out[(py*W+px)*C+c]=s;if(s<lo)lo=s;if(s>hi)hi=s;}
 var mean=new Float32Array(W*H);for(var p=0;p<W*H;p++){var v=0;for(var c=0;c<C;c++)v+=out[p*C+c];mean[p]=v/C;}
 var sorted=Float32Array.from(mean,Math.abs).sort(),m=sorted[Math.floor(0.99*(sorted.length-1))];if(!(m>1e-12))m=Math.max(sorted[sorted.length-1],1e-12);
 if(signed)draw(outCv,function(p){return fslDiverging(mean[p]/m);});
 else draw(outCv,function(p){var q=[0,0,0];for(var c=0;c<3;c++){var v=out[p*C+(C==1?0:c)];q[c]=Math.round(255*Math.max(0,Math.min(1,v)));}return q;});
 cap.textContent=(signed?'signed response'+(C>1?' (channel mean)':'')+': full colour at ±'+m.toPrecision(3)+' (99th percentile of |response|)':'response clamped to [0, 1]');
 info.textContent='weights sum to '+(Math.round(sum*1000)/1000)+(Math.abs(sum)<1e-9?': flat areas give 0, so the response is signed (use the signed view)':'')+'; response range '+lo.toPrecision(3)+' .. '+hi.toPrecision(3)+'.';
 root.dataset.updates=(+(root.dataset.updates||0))+1;}
var pre=root.querySelector('.fsl-presets');cfg.presets.forEach(function(p){var b=document.createElement('button');b.textContent=p.name;b.title=p.description;b.style.margin='1px';
 b.addEventListener('click',function(){kernel=p.rows.map(function(r){return r.slice();});var z=0;p.rows.forEach(function(r){r.forEach(function(v){z+=v;});});signed=Math.abs(z)<1e-9;setMode();buildGrid();update();});pre.appendChild(b);});
function setMode(){modes.forEach(function(r){r.checked=(r.value=='signed')==signed;});}
modes.forEach(function(r){r.addEventListener('change',function(){signed=r.value=='signed';update();});});
setMode();buildGrid();update();
""";
}
