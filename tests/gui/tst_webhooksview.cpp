// SPDX-License-Identifier: GPL-3.0-or-later
// The console's Webhooks view against the real engine and a real receiver on a free port: an endpoint
// added through the page (its secret shown once), paused, replayed from a cursor, resumed, tested and
// removed; every change through webhook::WebhookStore, in the database and the audit trail, never a
// secret on the page.
#include "../common/consolefixture.h"
#include "../webhook/webhookreceiver.h"
#include "models/webhookdeliverymodel.h"
#include "models/webhookendpointmodel.h"
#include "webhook/webhookstore.h"
#include "widgets/webhooksview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace termdesk;
using termdesk::ui::MainWindow;
using termdesk::ui::WebhookDeliveryModel;
using termdesk::ui::WebhookEndpointModel;
using termdesk::ui::WebhooksView;

class TestWebhooksView : public QObject, public ConsoleFixture
{
    Q_OBJECT
public:
    TestWebhooksView() : ConsoleFixture(QStringLiteral("tst-webhooksview-check"), true) {}

private:
    template <typename T> T *child(const char *name) { return m_window->findChild<T *>(QLatin1String(name)); }

    bool exec(const QString &sql)
    {
        QSqlQuery q(db());
        if (q.exec(sql))
            return true;
        qWarning() << sql << q.lastError().text();
        return false;
    }

    /// Three punches of one terminal (ids 1..3): what a new endpoint starts after, what replay sends.
    void storePunches()
    {
        QVERIFY(exec(QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms) "
                                    "VALUES ('WH1', 'ws', 'approved', 1, 1)")));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(exec(QStringLiteral("INSERT INTO punches (id, terminal_id, enroll_id, local_time, verify_mode,"
                                        " in_out, event, utc_ms, utc_offset_min, name, received_ms) SELECT %1, id, 7,"
                                        " '2026-01-05 08:0%1:00', 1, 0, 0, %2, 0, '', 1 FROM terminals")
                             .arg(i)
                             .arg(i * 1000)));
    }

    /// Every cell the endpoints and deliveries tables show, joined.
    static QString shown(const QAbstractItemModel *model)
    {
        QStringList cells;
        for (int r = 0; r < model->rowCount(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c)
                cells.append(model->index(r, c).data().toString());
        }
        return cells.join(u'|');
    }

    QString endpointText(int column) const
    {
        const WebhookEndpointModel *m = m_window->webhooksView()->endpointModel();
        return m->rowCount() > 0 ? m->index(0, column).data().toString() : QString();
    }

private Q_SLOTS:
    void initTestCase() { initConsoleTest(QStringLiteral("tst_webhooksview")); }

    void init() { QSettings().clear(); }

    void cleanup() { stopConsole(); }

    void pageManagesAnEndpoint()
    {
        startConsole();
        storePunches();
        WebhookReceiver rx;
        QVERIFY(rx.listen());
        m_window->showPage(MainWindow::WebhooksPage);
        QCOMPARE(m_window->currentPage(), MainWindow::WebhooksPage);
        WebhooksView *view = m_window->webhooksView();
        QAbstractItemModelTester endpointsTester(view->endpointModel());
        QAbstractItemModelTester deliveriesTester(view->deliveryModel());
        QVERIFY(!view->pauseAction()->isEnabled()); // nothing selected

        // Add: a URL that is not http(s) gets the command line's words, and nothing is stored.
        view->addAction()->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<QDialog>("webhookAddDialog")) != nullptr);
        auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("webhookAddUrl"));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("webhookAddOk"));
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("webhookAddError"));
        QVERIFY(url && ok && error);
        QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("webhookAddEvent_punch.created"))->isChecked());
        QTest::keyClicks(url, QStringLiteral("ftp://example.com/hook"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(u"is not an http:// or https:// URL"), qPrintable(error->text()));
        // No event: refused too.
        url->clear();
        QTest::keyClicks(url, rx.url());
        dialog->findChild<QCheckBox *>(QStringLiteral("webhookAddEvent_punch.created"))->setChecked(false);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY2(error->text().contains(u"name the events"), qPrintable(error->text()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(0));

        dialog->findChild<QCheckBox *>(QStringLiteral("webhookAddEvent_punch.created"))->setChecked(true);
        QTest::mouseClick(ok, Qt::LeftButton);
        QDialog *secretDialog = nullptr;
        QTRY_VERIFY((secretDialog = child<QDialog>("webhookSecretDialog")) != nullptr);
        QTRY_VERIFY(!child<QDialog>("webhookAddDialog"));
        const QString secret = secretDialog->findChild<QLineEdit *>(QStringLiteral("webhookSecret"))->text();
        QVERIFY2(secret.startsWith(u"whsec_"), qPrintable(secret));
        QVERIFY(secretDialog->findChild<QLabel *>(QStringLiteral("webhookSecretWarning"))
                    ->text()
                    .contains(u"not shown again"));
        QTest::mouseClick(secretDialog->findChild<QPushButton *>(QStringLiteral("webhookSecretCopy")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), secret);
        QTest::mouseClick(secretDialog->findChild<QPushButton *>(QStringLiteral("webhookSecretClose")), Qt::LeftButton);
        QTRY_VERIFY(!child<QDialog>("webhookSecretDialog"));

        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(1));
        const qint64 id = count(QStringLiteral("SELECT id FROM webhook_endpoints"));
        QTRY_COMPARE(view->endpointModel()->rowCount(), 1);
        QTRY_COMPARE(view->selectedId(), id);
        QCOMPARE(endpointText(WebhookEndpointModel::UrlColumn), rx.url());
        QCOMPARE(endpointText(WebhookEndpointModel::StateColumn), QStringLiteral("Active"));
        QCOMPARE(endpointText(WebhookEndpointModel::CursorColumn), QStringLiteral("3")); // starts at the newest
        QVERIFY(view->pauseAction()->isEnabled());
        QVERIFY(!view->resumeAction()->isEnabled());

        // Pause.
        view->pauseAction()->trigger();
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints WHERE state = 'paused'")), qint64(1));
        QTRY_COMPARE(endpointText(WebhookEndpointModel::StateColumn), QStringLiteral("Paused"));
        QTRY_VERIFY(view->resumeAction()->isEnabled());

        // Replay from a cursor: only a whole number >= 0 is taken; the stored cursor moves back.
        view->replayAction()->trigger();
        QDialog *replay = nullptr;
        QTRY_VERIFY((replay = child<QDialog>("webhookReplayDialog")) != nullptr);
        auto *cursor = replay->findChild<QLineEdit *>(QStringLiteral("webhookReplayCursor"));
        auto *replayOk = replay->findChild<QPushButton *>(QStringLiteral("webhookReplayOk"));
        QVERIFY(!replayOk->isEnabled());
        QTest::keyClicks(cursor, QStringLiteral("-x"));
        QCOMPARE(cursor->text(), QString()); // refused as typed
        QVERIFY(!replayOk->isEnabled());
        QTest::keyClicks(cursor, QStringLiteral("1"));
        QVERIFY(replayOk->isEnabled());
        QTest::mouseClick(replayOk, Qt::LeftButton);
        QTRY_COMPARE(count(QStringLiteral("SELECT punch_cursor FROM webhook_endpoints")), qint64(1));
        QTRY_COMPARE(endpointText(WebhookEndpointModel::CursorColumn), QStringLiteral("1"));
        QTRY_COMPARE(endpointText(WebhookEndpointModel::BacklogColumn), QStringLiteral("2"));
        QCOMPARE(rx.got.size(), 0); // paused: nothing sent

        // Resume: the engine's dispatcher sends punches 2 and 3; their attempts appear below.
        view->resumeAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT punch_cursor FROM webhook_endpoints")), qint64(3),
                                  15'000);
        QCOMPARE(rx.got.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(view->deliveryModel()->rowCount(), 2, 10'000);
        QCOMPARE(view->deliveryModel()->index(0, WebhookDeliveryModel::StatusColumn).data().toString(),
                 QStringLiteral("Delivered"));

        // Test: a signed webhook.test, its HTTP result on the page and in the deliveries.
        view->testAction()->trigger();
        auto *result = child<QLabel>("webhookResult");
        QTRY_VERIFY2(result->text().contains(u"HTTP 200"), qPrintable(result->text()));
        QCOMPARE(rx.got.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(rx.got.last().body).object().value(u"type").toString(),
                 QStringLiteral("webhook.test"));
        QTRY_COMPARE(view->deliveryModel()->rowCount(), 3);
        const QAbstractItemModel *deliveries = view->deliveryModel();
        QCOMPARE(deliveries->index(0, WebhookDeliveryModel::StatusColumn).data().toString(), QStringLiteral("Test"));
        QCOMPARE(deliveries->index(0, WebhookDeliveryModel::HttpColumn).data().toString(), QStringLiteral("200"));
        QCOMPARE(deliveries->index(0, WebhookDeliveryModel::WebhookIdColumn).data().toString(),
                 QString::fromLatin1(rx.got.last().id));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE status = 'test'")), qint64(1));

        // Never a secret on the page, in the audit trail or the delivery log.
        QVERIFY(!shown(view->endpointModel()).contains(u"whsec_"));
        QVERIFY(!shown(view->deliveryModel()).contains(u"whsec_"));
        QVERIFY(!result->text().contains(u"whsec_"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit WHERE detail LIKE '%whsec_%' OR result LIKE "
                                      "'%whsec_%' OR target LIKE '%whsec_%'")),
                 qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE detail LIKE '%whsec_%'")),
                 qint64(0));

        // Remove: asked first; "Keep it" changes nothing.
        view->removeAction()->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>("confirmRemoveWebhook")) != nullptr);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRemoveWebhookNo")), Qt::LeftButton);
        QTRY_VERIFY(!child<QMessageBox>("confirmRemoveWebhook"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(1));
        view->removeAction()->trigger();
        QTRY_VERIFY((box = child<QMessageBox>("confirmRemoveWebhook")) != nullptr);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRemoveWebhookYes")), Qt::LeftButton);
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM webhook_endpoints")), qint64(0));
        QTRY_COMPARE(view->endpointModel()->rowCount(), 0);
        QTRY_COMPARE(view->deliveryModel()->rowCount(), 0);

        // Each change is the console's in the audit trail.
        for (const char *action :
             {"add webhook", "webhook pause", "webhook replay", "webhook resume", "webhook remove"})
            QVERIFY2(count(QStringLiteral("SELECT count(*) FROM audit WHERE action = '%1' AND actor LIKE '%console%'")
                               .arg(QLatin1String(action))) == 1,
                     action);
    }

    /// A Test whose receiver is gone says so, and the attempt is logged with no HTTP code.
    void testWithoutAReceiverSaysSo()
    {
        startConsole();
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        }
        QString error;
        QByteArray secret;
        const qint64 id = webhook::WebhookStore::add(db(), QStringLiteral("http://127.0.0.1:%1/hook").arg(port),
                                                     {QStringLiteral("punch.created")}, 1, &secret, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QVERIFY(webhook::WebhookStore::setState(db(), id, webhook::EndpointState::Paused, &error));
        m_window->showPage(MainWindow::WebhooksPage);
        WebhooksView *view = m_window->webhooksView();
        QTRY_COMPARE(view->endpointModel()->rowCount(), 1);
        view->selectEndpoint(id);
        view->testAction()->trigger();
        auto *result = child<QLabel>("webhookResult");
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().contains(u"no answer"), qPrintable(result->text()), 20'000);
        QTRY_COMPARE(view->deliveryModel()->rowCount(), 1);
        QCOMPARE(view->deliveryModel()->index(0, WebhookDeliveryModel::HttpColumn).data().toString(),
                 QStringLiteral("no answer"));
    }
};

QTEST_MAIN(TestWebhooksView)
#include "tst_webhooksview.moc"
