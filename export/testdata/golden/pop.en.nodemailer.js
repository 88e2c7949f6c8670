// Sending mail as jose@correo.example (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
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
    subject: "Test message",
    text: "If you can read this, sending works.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
