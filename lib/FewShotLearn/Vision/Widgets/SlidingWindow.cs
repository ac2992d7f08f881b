namespace FewShotLearn.Vision.Widgets;

/// <summary>
/// The filter window stepping across a (zero-padded) image, in the page: a slider and a play button move the window
/// position by position; the covered pixels are outlined on the padded input, the products of that step are written
/// out, and the output map fills in cell by cell. The output values are computed here by <see cref="ReferenceConvolution"/>
/// (plain loops); the page only shows them, and re-adds the products of the current step so the reader can check one.
/// </summary>
public static class SlidingWindow
{
    /// <summary>A stepping animation of <paramref name="kernel"/> over <paramref name="image"/> with <paramref name="padding"/> zeros on each side.</summary>
    public static HtmlView Create(double[,] image, double[,] kernel, int padding = 1, int stride = 1, string? title = null, int cell = 30)
    {
        if (padding < 0 || padding > 8) throw new ArgumentException($"padding must be 0..8; got {padding}.", nameof(padding));
        int h = image.GetLength(0), w = image.GetLength(1);
        if (h * w > 400) throw new ArgumentException($"SlidingWindow is meant for small teaching grids (at most 400 pixels); got {h}x{w}.", nameof(image));
        var output = ReferenceConvolution.Apply(image, kernel, stride, padding);
        var padded = new double[h + 2 * padding, w + 2 * padding];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) padded[y + padding, x + padding] = image[y, x];
        var id = WidgetHtml.NewId("sliding-window");
        var cfg = new { padded = WidgetHtml.Rows(padded), kernel = WidgetHtml.Rows(kernel), output = WidgetHtml.Rows(output), padding, stride, cell };
        var sb = new StringBuilder($"<div id=\"{id}\" class=\"fsl-sliding-window\" style=\"font:13px sans-serif;border:1px solid #ccc;padding:8px;display:inline-block\">");
        sb.Append($"<div style=\"font-weight:bold;margin-bottom:4px\">{System.Net.WebUtility.HtmlEncode(title ?? $"a {kernel.GetLength(0)}x{kernel.GetLength(1)} filter stepping over the {h}x{w} image, zero padding {padding}, stride {stride}")}</div>");
        sb.Append("<div style=\"margin-bottom:6px\"><button class=\"fsl-play\">play</button> <input class=\"fsl-step\" type=\"range\" min=\"0\" value=\"0\" style=\"width:240px;vertical-align:middle\"/> <span class=\"fsl-pos\"></span></div>");
        sb.Append("<div style=\"display:flex;gap:18px;align-items:flex-start\"><div><div class=\"fsl-in\"></div><div style=\"font-size:11px;text-align:center\">padded input (grey: padding zeros)</div></div>");
        sb.Append("<div><div class=\"fsl-k\"></div><div style=\"font-size:11px;text-align:center\">kernel</div></div>");
        sb.Append("<div><div class=\"fsl-out\"></div><div style=\"font-size:11px;text-align:center\">output map</div></div></div>");
        sb.Append("<div class=\"fsl-sum\" style=\"font:12px monospace;margin-top:6px\"></div></div>");
        sb.Append("<script>(function(){").Append($"var cfg={WidgetHtml.Json(cfg)};var root=document.getElementById('{id}');").Append(Script).Append("})();</script>");
        return new HtmlView(sb.ToString());
    }

    const string Script = """
var P=cfg.padded,K=cfg.kernel,O=cfg.output,kh=K.length,kw=K[0].length,oh=O.length,ow=O[0].length,s=cfg.stride,pad=cfg.padding,cs=cfg.cell;
function table(rows,cls){var t=document.createElement('div');t.style.display='grid';t.style.gridTemplateColumns='repeat('+rows[0].length+','+cs+'px)';t.style.gridAutoRows=cs+'px';t.style.gap='1px';
 rows.forEach(function(r,y){r.forEach(function(v,x){var d=document.createElement('div');d.className=cls;d.dataset.y=y;d.dataset.x=x;d.textContent=v;
 d.style.cssText+='display:flex;align-items:center;justify-content:center;border:1px solid #bbb;font:12px monospace;box-sizing:border-box';t.appendChild(d);});});return t;}
var inT=table(P,'fsl-pcell'),kT=table(K,'fsl-kcell'),outT=table(O,'fsl-ocell');
root.querySelector('.fsl-in').appendChild(inT);root.querySelector('.fsl-k').appendChild(kT);root.querySelector('.fsl-out').appendChild(outT);
var slider=root.querySelector('.fsl-step'),pos=root.querySelector('.fsl-pos'),sum=root.querySelector('.fsl-sum'),play=root.querySelector('.fsl-play'),timer=null;
slider.max=oh*ow-1;
function show(i){var oy=Math.floor(i/ow),ox=i%ow,y0=oy*s,x0=ox*s,terms=[],tot=0;
 inT.childNodes.forEach(function(d){var y=+d.dataset.y,x=+d.dataset.x,inside=y>=y0&&y<y0+kh&&x>=x0&&x<x0+kw,isPad=y<pad||x<pad||y>=P.length-pad||x>=P[0].length-pad;
  d.style.background=inside?'#ffe08a':(isPad?'#eee':'#fff');d.style.color=isPad?'#999':'#000';d.style.borderColor=inside?'#d08000':'#bbb';});
 for(var y=0;y<kh;y++)for(var x=0;x<kw;x++){var v=P[y0+y][x0+x]*K[y][x];tot+=v;if(K[y][x]!==0)terms.push(P[y0+y][x0+x]+'·'+K[y][x]);}
 outT.childNodes.forEach(function(d){var j=(+d.dataset.y)*ow+(+d.dataset.x);d.style.visibility=j<=i?'visible':'hidden';d.style.background=j==i?'#ffe08a':'#fff';});
 pos.textContent='output row '+oy+', column '+ox+' (step '+(i+1)+' of '+(oh*ow)+')';
 sum.textContent='output['+oy+','+ox+'] = '+(terms.length?terms.join(' + '):'0')+' = '+tot+(tot===O[oy][ox]?'':' (library: '+O[oy][ox]+')');root.dataset.step=i;}
slider.addEventListener('input',function(){show(+slider.value);});
play.addEventListener('click',function(){if(timer){clearInterval(timer);timer=null;play.textContent='play';return;}play.textContent='pause';
 timer=setInterval(function(){var i=(+slider.value+1)%(oh*ow);slider.value=i;show(i);},700);});
slider.value=oh*ow-1;show(oh*ow-1);
""";
}
