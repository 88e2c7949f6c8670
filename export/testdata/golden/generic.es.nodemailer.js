// Envío de correo como ana@example.es (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: "smtp.example.es",
  port: 587,
  secure: false,
  requireTLS: true, // STARTTLS, never plain text
  auth: {
    user: "ana@example.es",
    pass: process.env.SMTP_PASS,
  },
});

transporter
  .sendMail({
    from: { name: "Ana Pérez", address: "ana@example.es" },
    to: "ana@example.es",
    subject: "Prueba de envío",
    text: "Si lees esto, el envío funciona.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
