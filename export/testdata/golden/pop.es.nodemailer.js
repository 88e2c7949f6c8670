// Envío de correo como jose@correo.example (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: "smtp.correo.example",
  port: 587,
  secure: false,
  requireTLS: true, // STARTTLS, never plain text
  auth: {
    user: "jose",
    pass: process.env.SMTP_PASS,
  },
});

transporter
  .sendMail({
    from: { name: "José Muñoz", address: "jose@correo.example" },
    to: "jose@correo.example",
    subject: "Prueba de envío",
    text: "Si lees esto, el envío funciona.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
