namespace Marketplace.Identity.Account;

/// <summary>The sign-in pages' stylesheet, served as a file: the CSP allows no inline style.</summary>
public static class AccountStyles
{
    public const string Css = """
        body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8; color: #1b2733; }
        .account { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
        .brand { font-size: .9rem; color: #4a5a6a; margin: 0 0 .5rem; }
        nav { float: right; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        label { display: block; margin: .8rem 0 .3rem; font-weight: 600; }
        input { width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; border: 1px solid #8a97a4; border-radius: 4px; }
        button { margin-top: 1.2rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0b5cab; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
        .error { color: #a4161a; font-weight: 600; }
        .notice { color: #1e6b34; }
        .qr { display: block; width: 12rem; height: 12rem; margin: 1rem auto; image-rendering: pixelated; }
        .key { font-family: ui-monospace, monospace; font-size: 1.1rem; letter-spacing: .1em; word-break: break-all; }
        .demo { background: #fff8e1; border: 1px solid #e0b000; padding: .6rem 1rem; margin: 0 0 1rem; border-radius: 4px; font-size: .9rem; }
        .demo ul { columns: 2; padding-left: 1.2rem; }
        """;
}
