namespace Marketplace.Identity.Account;

/// <summary>The sign-in pages' words in Spanish (the default) and English.</summary>
public static class AccountText
{
    public const string Spanish = "es";
    public const string English = "en";

    private static readonly Dictionary<string, (string Es, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["app"] = ("Mercado de Compromisos de la Plataforma de Apoyo", "Support Platform Pledge Marketplace"),
        ["switch"] = ("English", "Español"),
        ["signin.title"] = ("Iniciar sesión", "Sign in"),
        ["email"] = ("Correo electrónico", "Email"),
        ["password"] = ("Contraseña", "Password"),
        ["submit"] = ("Entrar", "Sign in"),
        ["signin.failed"] = ("Correo o contraseña incorrectos.", "Wrong email or password."),
        ["signin.missing"] = ("Escriba su correo y su contraseña.", "Enter your email and your password."),
        ["expired"] = ("La página caducó; vuelva a intentarlo.", "The page expired; please try again."),
        ["noflow"] = ("Abra la aplicación para iniciar sesión.", "Open the web app to sign in."),
        ["open.app"] = ("Ir a la aplicación", "Go to the web app"),
        ["totp.title"] = ("Código de verificación", "Verification code"),
        ["totp.explain"] = ("Escriba el código de 6 dígitos de su aplicación de autenticación.", "Enter the 6-digit code from your authenticator app."),
        ["totp.code"] = ("Código", "Code"),
        ["totp.submit"] = ("Verificar", "Verify"),
        ["totp.failed"] = ("Código incorrecto.", "Wrong code."),
        ["enrol.title"] = ("Active la verificación en dos pasos", "Set up two-step verification"),
        ["enrol.explain"] = ("Su función exige un segundo factor. Escanee el código QR con una aplicación de autenticación (RFC 6238) o escriba la clave, y luego el código que muestra.",
            "Your role requires a second factor. Scan the QR code with an authenticator app (RFC 6238) or type the key, then enter the code it shows."),
        ["enrol.key"] = ("Clave", "Key"),
        ["enrol.qr"] = ("Código QR de la clave de autenticación", "QR code of the authenticator key"),
        ["invite.title"] = ("Elija su contraseña", "Choose your password"),
        ["invite.explain"] = ("Al menos 12 caracteres. Después iniciará sesión con su correo y esta contraseña.",
            "At least 12 characters. You will then sign in with your email and this password."),
        ["invite.confirm"] = ("Repita la contraseña", "Repeat the password"),
        ["invite.submit"] = ("Guardar contraseña", "Save password"),
        ["invite.invalid"] = ("Este enlace no es válido, ya se usó o caducó. Pida una nueva invitación.",
            "This link is not valid, was already used or has expired. Ask for a new invitation."),
        ["invite.short"] = ("La contraseña debe tener al menos 12 caracteres.", "The password must be at least 12 characters long."),
        ["invite.mismatch"] = ("Las dos contraseñas no coinciden.", "The two passwords do not match."),
        ["invite.done"] = ("Contraseña guardada. Ya puede iniciar sesión.", "Password saved. You can now sign in."),
        ["demo.title"] = ("Modo demostración", "Demo mode"),
        ["demo.explain"] = ("Personas de demostración, todas con la contraseña demo-password-2026. Los códigos TOTP de la presidencia, la secretaría y el fondo salen de la clave JBSWY3DPEHPK3PXP.",
            "Demo people, all with the password demo-password-2026. The TOTP codes of the chair, the secretariat and the fund come from the key JBSWY3DPEHPK3PXP."),
    };

    public static string Normalize(string? language) => language == English ? English : Spanish;

    public static string Get(string language, string key) =>
        Texts.TryGetValue(key, out var text) ? (language == English ? text.En : text.Es) : key;
}
