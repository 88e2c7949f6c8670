// Sending mail as marta@hotmail.es (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Warning: smtp-mail.outlook.com only accepts "Sign in with…" (OAuth); sending with a password will fail.
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
    subject: "Test message",
    text: "If you can read this, sending works.",
  })
  .then((info) => console.log(info.messageId))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
