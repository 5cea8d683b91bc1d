/**
 * The page's only two files besides the HTML, served by the self-service routes from
 * memory: the stylesheet and the script of the copy button. No third-party asset, no
 * font download: system fonts. The script is progressive enhancement only — every action
 * is a plain form that works without it — and stays far below the 100 KB budget (a test
 * measures the bytes actually served).
 */

export const ASSET_PATHS = { css: "/p/assets/pagina.css", js: "/p/assets/pagina.js" } as const;

/** Mobile first: one column, 16px text, 44px touch targets; contrast ≥ 4.5:1 everywhere. */
export const PAGE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;background:#f3f5f8}
a{color:#0b4fb3}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #b3470b;outline-offset:2px}
.pular{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.pular:focus{left:0;z-index:1}
.topo{background:#12355f;color:#fff;padding:.75rem 1rem}
.topo p{margin:0 auto;max-width:40rem;font-weight:600}
main{display:block;max-width:40rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
section,.cartao{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.12)}
p{margin:0 0 .75rem}
.nota{color:#4a5260;font-size:.9375rem}
.aviso{border-left:4px solid #1d7a3a;background:#e9f6ee;padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
.erro{border-left:4px solid #b42318;background:#fdecea;padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
.total{font-size:1.25rem;font-weight:700}
ul.titulos{list-style:none;margin:0;padding:0}
ul.titulos>li{border-top:1px solid #d5dae1;padding:.75rem 0}
ul.titulos>li:first-child{border-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.125rem .75rem;margin:.25rem 0 .5rem}
dt{color:#4a5260}
dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=text],input[type=date],textarea,select{font:inherit;width:100%;min-height:44px;padding:.5rem .75rem;border:1px solid #6b7380;border-radius:6px;background:#fff;color:#1b1f24}
textarea{min-height:5.5rem}
textarea.codigo{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.875rem;word-break:break-all}
fieldset{border:0;margin:0 0 1rem;padding:0}
form{margin:0 0 1rem}
legend{font-weight:600;margin:0 0 .5rem;padding:0}
.opcao{display:flex;gap:.75rem;align-items:flex-start;border:1px solid #c4cad3;border-radius:8px;padding:.75rem;margin:0 0 .5rem;font-weight:400;cursor:pointer}
.opcao input{width:1.35rem;height:1.35rem;margin:.15rem 0 0;flex:none}
.opcao strong{display:block}
button,.botao{display:inline-block;font:inherit;font-weight:600;min-height:44px;padding:.625rem 1.25rem;border-radius:6px;border:2px solid #0b4fb3;background:#0b4fb3;color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button.secundario,.botao.secundario{background:#fff;color:#0b4fb3}
button.discreto{background:none;border:0;color:#0b4fb3;text-decoration:underline;padding:.5rem 0;min-height:0}
.campo{margin:0 0 1rem}
.acoes{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.qr{display:block;width:min(15rem,100%);height:auto;margin:0 auto .75rem}
.linha-digitavel{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
details{border-top:1px solid #d5dae1;padding:.5rem 0}
summary{cursor:pointer;font-weight:600;min-height:44px;display:flex;align-items:center;color:#0b4fb3}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:.375rem .25rem;border-bottom:1px solid #d5dae1}
td.valor,th.valor{text-align:right;white-space:nowrap}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:#4a5260;font-size:.875rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:40rem){h1{font-size:1.6rem}main{padding:1.5rem 1rem}}
`;

/** The copy buttons: shown only when this runs (they are `hidden` in the HTML), announced through a live region. */
export const PAGE_JS = `(function(){
"use strict";
var live=document.getElementById("aviso-copia");
function copied(button){
if(live){live.textContent="";live.textContent="Código copiado. Cole no aplicativo do seu banco.";}
var label=button.textContent;button.textContent="Copiado!";
setTimeout(function(){button.textContent=label;},3000);
}
function fallback(field,button){
field.focus();field.select();
try{document.execCommand("copy");copied(button);}catch(e){if(live){live.textContent="Selecione o código e copie.";}}
}
var buttons=document.querySelectorAll("[data-copiar]");
for(var i=0;i<buttons.length;i++){(function(button){
var field=document.getElementById(button.getAttribute("data-copiar"));
if(!field){return;}
button.hidden=false;
button.addEventListener("click",function(){
var text=field.value||field.textContent||"";
if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(text).then(function(){copied(button);},function(){fallback(field,button);});}
else{fallback(field,button);}
});
})(buttons[i]);}
})();
`;
