// Envío de correo como luis.ortega@gmail.com (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Límites de envío de Google Mail — 500 destinatarios al día. Para boletines o envíos masivos usa un servicio de envío especializado.
const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: "smtp.gmail.com",
  port: 465,
  secure: true, // TLS from the first byte
  auth: {
    user: "luis.ortega@gmail.com",
    pass: process.env.SMTP_PASS,
  },
});

transporter
  .sendMail({
    from: { name: "Luis Ortega", address: "luis.ortega@gmail.com" },
    to: "luis.ortega@gmail.com",
    subject: "Prueba de envío",
    text: "Si lees esto, el envío funciona.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
