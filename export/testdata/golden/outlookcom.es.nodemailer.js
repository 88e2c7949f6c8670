// Envío de correo como marta@hotmail.es (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Atención: smtp-mail.outlook.com solo acepta «Iniciar sesión con…» (OAuth); con una contraseña el envío fallará.
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: "smtp-mail.outlook.com",
  port: 587,
  secure: false,
  requireTLS: true, // STARTTLS, never plain text
  auth: {
    user: "marta@hotmail.es",
    pass: process.env.SMTP_PASS,
  },
});

transporter
  .sendMail({
    from: { name: "Marta Gil", address: "marta@hotmail.es" },
    to: "marta@hotmail.es",
    subject: "Prueba de envío",
    text: "Si lees esto, el envío funciona.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
