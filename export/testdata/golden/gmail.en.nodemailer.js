// Sending mail as luis.ortega@gmail.com (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Google Mail sending limits — 500 recipients a day. For newsletters or bulk mail use a dedicated sending service.
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
    subject: "Test message",
    text: "If you can read this, sending works.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
